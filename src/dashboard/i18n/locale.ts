import { escapeHtml, html, SafeHtml } from '../html';
import { Language, translator, Translate } from './i18n';

/** What a view needs to speak the operator's language: texts, and times in the operator's zone. */
export interface Locale {
  lang: Language;
  timeZone: string;
  t: Translate;
  /** A text whose placeholders take markup (e.g. <time> elements); everything else in it is escaped. */
  tHtml(key: string, vars: Record<string, SafeHtml | string | number>): SafeHtml;
  /** Date and time in the operator's zone, the UTC value on hover. */
  time(d: Date | string | null | undefined): SafeHtml;
  /** Time of day only (HH:mm) in the operator's zone, the UTC value on hover; the date is added when not today. */
  clock(d: Date, now?: Date): SafeHtml;
}

/** BCP 47 locale of each language's formats: day-first dates and a 24-hour clock for both, as HR in France reads them. */
const FORMAT_LOCALE: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

const formats = new Map<string, Intl.DateTimeFormat>();
function format(lang: Language, timeZone: string, kind: 'full' | 'clock' | 'day'): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${kind}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'full'
        ? { dateStyle: 'short', timeStyle: 'medium' }
        : kind === 'clock'
          ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
          : { year: 'numeric', month: '2-digit', day: '2-digit' };
    f = new Intl.DateTimeFormat(FORMAT_LOCALE[lang], { ...options, timeZone });
    formats.set(key, f);
  }
  return f;
}

function utcText(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
}

function timeElement(date: Date, text: string, t: Translate): SafeHtml {
  const iso = date.toISOString();
  return html`<time datetime="${iso}" title="${t('layout.utcHint', { utc: utcText(date) })}">${text}</time>`;
}

const TOKEN = '\u0001';

export function localeFor(lang: Language, timeZone: string): Locale {
  const t = translator(lang);
  return {
    lang,
    timeZone,
    t,
    tHtml(key, vars) {
      // Each placeholder becomes a token that survives escaping, then is replaced by its own rendering.
      const tokens = Object.fromEntries(Object.keys(vars).map((k) => [k, `${TOKEN}${k}${TOKEN}`]));
      const text = escapeHtml(t(key, { ...tokens, count: typeof vars.count === 'number' ? vars.count : undefined }));
      return new SafeHtml(
        text.replace(new RegExp(`${TOKEN}([^${TOKEN}]+)${TOKEN}`, 'g'), (_, k: string) => {
          const v = vars[k];
          return v instanceof SafeHtml ? v.value : escapeHtml(v);
        }),
      );
    },
    time(d) {
      if (!d) return html`<span class="muted">—</span>`;
      const date = d instanceof Date ? d : new Date(d);
      return timeElement(date, format(lang, timeZone, 'full').format(date), t);
    },
    clock(d, now = new Date()) {
      const day = format(lang, timeZone, 'day');
      const sameDay = day.format(d) === day.format(now);
      const text = format(lang, timeZone, 'clock').format(d);
      return timeElement(d, sameDay ? text : `${day.format(d)} ${text}`, t);
    },
  };
}
