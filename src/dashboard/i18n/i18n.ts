import i18next from 'i18next';
import { en } from './en';
import { fr } from './fr';

/** Languages of the dashboard; the first is the fallback when the browser asks for none of them. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Each language's catalog: add a language here and in LANGUAGES. */
export const CATALOGS: Record<Language, typeof en> = { en, fr };

/**
 * i18next rather than a hand-made lookup: it brings plural forms by the language's own rules
 * (Intl.PluralRules: French "0 champ", English "0 fields"), interpolation and fallback to English.
 * One instance, initialised synchronously from the catalogs in memory (no back-end, no detection).
 */
const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGS[l] }])),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  // The views escape every text they place (html.ts); escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Placeholder values; `count` picks the plural form. */
export type TranslateVars = Record<string, string | number | undefined>;
export type Translate = (key: string, vars?: TranslateVars) => string;

export function translator(lang: Language): Translate {
  const t = instance.getFixedT(lang);
  return (key, vars) => String(t(key, vars ?? {}));
}

/** Whether `group.key` exists (plural keys count by their base), for texts chosen from data such as statuses. */
export function hasKey(group: keyof typeof en, key: string): boolean {
  return Object.hasOwn(en[group], key);
}
