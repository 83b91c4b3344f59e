import { en } from './en';
import { fr } from './fr';
import { CATALOGS, LANGUAGES, translator } from './i18n';
import { chooseLanguage, LANGUAGE_COOKIE, languageSwitchUrl } from './language';
import { localeFor } from './locale';

const keysOf = (catalog: Record<string, Record<string, string>>) =>
  Object.entries(catalog).flatMap(([group, texts]) => Object.keys(texts).map((k) => `${group}.${k}`));

describe('dashboard catalogs', () => {
  it('has the same keys and placeholders in every language', () => {
    const base = keysOf(en);
    for (const lang of LANGUAGES) {
      const catalog = CATALOGS[lang] as unknown as Record<string, Record<string, string>>;
      expect(keysOf(catalog)).toEqual(base);
      for (const key of base) {
        const [g, k] = key.split('.');
        const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        expect({ key, p: placeholders(catalog[g][k]) }).toEqual({ key, p: placeholders((en as any)[g][k]) });
      }
    }
  });

  it('uses each language’s plural rules', () => {
    const tFr = translator('fr');
    const tEn = translator('en');
    expect(tFr('job.fieldErrorsIntro', { count: 1 })).toBe('Le SIRH a refusé 1 champ :');
    expect(tFr('job.fieldErrorsIntro', { count: 2 })).toBe('Le SIRH a refusé 2 champs :');
    expect(tEn('job.fieldErrorsIntro', { count: 1 })).toBe('The HRIS refused 1 field:');
    expect(tEn('job.fieldErrorsIntro', { count: 3 })).toBe('The HRIS refused 3 fields:');
    expect(fr.status.linked).toBe('rattaché');
  });
});

describe('chooseLanguage', () => {
  it('takes ?lang= first and remembers it in a cookie for the dashboard', () => {
    const choice = chooseLanguage({ query: { lang: 'fr' }, headers: { 'accept-language': 'en', cookie: `${LANGUAGE_COOKIE}=en` } });
    expect(choice.lang).toBe('fr');
    expect(choice.setCookie).toMatch(/^hb_lang=fr; Max-Age=31536000; Path=\/dashboard; HttpOnly; SameSite=Lax$/);
  });

  it('then the cookie, then Accept-Language with regions and q-values, then English', () => {
    expect(chooseLanguage({ headers: { cookie: 'x=1; hb_lang=fr', 'accept-language': 'en' } })).toEqual({ lang: 'fr', setCookie: null });
    expect(chooseLanguage({ headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' } }).lang).toBe('fr');
    expect(chooseLanguage({ headers: { 'accept-language': 'de-DE, en;q=0.3' } }).lang).toBe('en');
    expect(chooseLanguage({ headers: { 'accept-language': 'de' } }).lang).toBe('en');
    expect(chooseLanguage({ headers: {} }).lang).toBe('en');
  });

  it('ignores languages it does not have, in the query and the cookie', () => {
    expect(chooseLanguage({ query: { lang: 'de' }, headers: { cookie: 'hb_lang=xx', 'accept-language': 'fr' } })).toEqual({
      lang: 'fr',
      setCookie: null,
    });
  });

  it('links to the same page in the other language, without the one-off notice', () => {
    expect(languageSwitchUrl('/dashboard?status=failed&notice=retried&lang=en', 'fr')).toBe('/dashboard?status=failed&lang=fr');
  });
});

describe('localeFor', () => {
  const winter = new Date('2026-11-30T09:42:05.000Z');
  const summer = new Date('2026-07-01T09:42:05.000Z');

  it('shows times in the display zone, with the UTC value on hover', () => {
    const fr = localeFor('fr', 'Europe/Paris');
    expect(fr.time(winter).value).toBe(
      '<time datetime="2026-11-30T09:42:05.000Z" title="2026-11-30 09:42:05 UTC">30/11/2026 10:42:05</time>',
    );
    expect(fr.time(summer).value).toContain('>01/07/2026 11:42:05<');
    expect(localeFor('en', 'America/New_York').time(winter).value).toContain('>30/11/2026, 04:42:05<');
    expect(fr.time(null).value).toBe('<span class="muted">—</span>');
  });

  it('gives the time of day alone when it is today, the date too otherwise', () => {
    const fr = localeFor('fr', 'Europe/Paris');
    expect(fr.clock(winter, new Date('2026-11-30T20:00:00Z')).value).toContain('>10:42<');
    expect(fr.clock(winter, new Date('2026-11-29T20:00:00Z')).value).toContain('>30/11/2026 10:42<');
  });

  it('places markup in placeholders and escapes everything else', () => {
    const en = localeFor('en', 'UTC');
    expect(en.tHtml('job.namesDiffer', { found: '<b>', sent: 'x' }).value).toBe(
      'Check it is the same person: the HRIS holds “&lt;b&gt;”, Flatchr sent “x”.',
    );
    expect(en.tHtml('layout.updated', { time: en.time(winter) }).value).toMatch(/^Updated <time datetime="2026-11-30T09:42:05.000Z"/);
  });
});
