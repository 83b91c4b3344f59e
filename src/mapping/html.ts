const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
};

/**
 * Plain text from Flatchr's HTML fields (`<p>`, `<div>`, `<br>`): tags removed, entities decoded,
 * white space collapsed. Linear-time patterns only, so a huge field cannot stall the worker.
 */
export function stripHtml(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value
    .replace(/<(br|\/p|\/div|\/li|\/h[1-6])\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, code: string) => decodeEntity(whole, code))
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text;
}

function decodeEntity(whole: string, code: string): string {
  if (code[0] === '#') {
    const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
  }
  return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
}
