/**
 * Plain text from Flatchr's rich-text fields (`<p>`, `<div>`, `<br>`, `&nbsp;`...).
 *
 * A hand-written scanner rather than a regex like /<[^>]*>/: on input full of '<' with no '>'
 * such a regex goes quadratic, and vacancy fields are free text of any size. Every step here
 * is linear, so a megabyte of junk cannot stall the worker.
 */

/** Tags after which the text visibly breaks: they become a line break, not nothing. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  euro: '€',
  copy: '©',
  reg: '®',
  deg: '°',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  euml: 'ë',
  agrave: 'à',
  acirc: 'â',
  auml: 'ä',
  ccedil: 'ç',
  icirc: 'î',
  iuml: 'ï',
  ocirc: 'ô',
  ouml: 'ö',
  ugrave: 'ù',
  ucirc: 'û',
  uuml: 'ü',
  Eacute: 'É',
  Egrave: 'È',
  Ecirc: 'Ê',
  Agrave: 'À',
  Ccedil: 'Ç',
  oelig: 'œ',
  OElig: 'Œ',
};

export interface StripHtmlOptions {
  /**
   * Keep one '\n' where a block or <br> ended (for descriptions). Default false: everything
   * collapses to single spaces, which is what the record's one-line fields want.
   */
  keepLineBreaks?: boolean;
}

/** Text without tags or entities, white space collapsed and trimmed; null when nothing is left. */
export function stripHtml(text: string | null | undefined, options: StripHtmlOptions = {}): string | null {
  // Untrusted JSON: anything that is not a string has no text to give.
  if (typeof text !== 'string' || text === '') return null;
  const decoded = decodeEntities(removeTags(text));
  const result = options.keepLineBreaks
    ? decoded
        .split('\n')
        .map((line) => collapseSpaces(line))
        .filter((line) => line !== '')
        .join('\n')
    : collapseSpaces(decoded);
  return result === '' ? null : result;
}

function collapseSpaces(text: string): string {
  // \s covers \u00a0 (a decoded &nbsp;) and the other Unicode spaces.
  return text.replace(/\s+/g, ' ').trim();
}

/** Drops tags and comments; a block tag leaves a '\n'. Entities are decoded afterwards, so '&lt;b&gt;' stays text. */
function removeTags(html: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      out.push(html.slice(i, lt));
      // An unclosed comment hides the rest, as in a browser.
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    // '<' not followed by a tag name ('a < b', '<3') is text, as a browser reads it.
    if (!/^[A-Za-z/!?]/.test(html.charAt(lt + 1))) {
      out.push(html.slice(i, lt + 1));
      i = lt + 1;
      continue;
    }
    const gt = html.indexOf('>', lt + 1);
    // No '>' anywhere after: no later '<' can close either, so the rest is text. This is what
    // keeps the scan linear on '<<<<…'.
    if (gt === -1) break;
    out.push(html.slice(i, lt));
    out.push(BLOCK_TAGS.has(tagName(html, lt + 1, gt)) ? '\n' : '');
    i = gt + 1;
  }
  out.push(html.slice(i));
  return out.join('');
}

/** Lower-case name of the tag between `start` (just after '<') and `end` ('>'), without '/'. */
function tagName(html: string, start: number, end: number): string {
  let s = start;
  if (html.charAt(s) === '/') s++;
  let e = s;
  while (e < end && /[A-Za-z0-9]/.test(html.charAt(e))) e++;
  return html.slice(s, e).toLowerCase();
}

function decodeEntities(text: string): string {
  // Bounded lengths: no backtracking blow-up, and one pass, so '&amp;lt;' becomes '&lt;', not '<'.
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,9});/g, (whole: string, code: string) => {
    if (code.charAt(0) === '#') {
      const hex = code.charAt(1) === 'x' || code.charAt(1) === 'X';
      const n = hex ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      // 0, surrogates and out-of-range code points are not characters: leave the text as it was.
      const valid = n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff);
      return valid ? String.fromCodePoint(n) : whole;
    }
    return Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, code) ? NAMED_ENTITIES[code] : whole;
  });
}
