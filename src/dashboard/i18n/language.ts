import { parseCookie, stringifySetCookie } from 'cookie';
import Negotiator from 'negotiator';
import { DEFAULT_LANGUAGE, isLanguage, Language, LANGUAGES } from './i18n';

/** Remembers the language chosen with `?lang=`, for the pages and the fragments their script fetches. */
export const LANGUAGE_COOKIE = 'hb_lang';
const ONE_YEAR_S = 365 * 24 * 3600;

export interface LanguageChoice {
  lang: Language;
  /** Set-Cookie value to send when `?lang=` chose it. */
  setCookie: string | null;
}

/** `?lang=fr|en` first (and remembered), then the cookie, then Accept-Language, then English. */
export function chooseLanguage(req: { query?: unknown; headers: Record<string, string | string[] | undefined> }): LanguageChoice {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (isLanguage(asked)) {
    const setCookie = stringifySetCookie({
      name: LANGUAGE_COOKIE,
      value: asked,
      path: '/dashboard',
      maxAge: ONE_YEAR_S,
      sameSite: 'lax',
      httpOnly: true,
    });
    return { lang: asked, setCookie };
  }
  const cookieHeader = req.headers.cookie;
  if (typeof cookieHeader === 'string') {
    const remembered = parseCookie(cookieHeader)[LANGUAGE_COOKIE];
    if (isLanguage(remembered)) return { lang: remembered, setCookie: null };
  }
  // Negotiator matches "fr-FR" to "fr" and honours q-values; "*" or nothing gives the first of the list.
  const negotiated = new Negotiator({ headers: { 'accept-language': headerText(req.headers['accept-language']) } }).language([
    ...LANGUAGES,
  ]);
  return { lang: isLanguage(negotiated) ? negotiated : DEFAULT_LANGUAGE, setCookie: null };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The current page's address with `lang` set to `lang` (other query parameters kept, `notice` dropped). */
export function languageSwitchUrl(url: string, lang: Language): string {
  const u = new URL(url, 'http://dashboard.invalid');
  u.searchParams.delete('notice');
  u.searchParams.set('lang', lang);
  return `${u.pathname}?${u.searchParams.toString()}`;
}
