/** A query parameter whose name holds one of these (once decoded, in any case) has its value hidden. */
const SECRET_NAME = /token|secret|password|passwd|key|signature|auth/;

/**
 * The webhook secret travels as `?token=`: it must never reach a log line, however the caller
 * spelled the name (`%74oken`, `TOKEN`, `token[]`, repeated). Names are compared decoded, the way
 * the query parser reads them; values are hidden whole, whatever their encoding.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const [query, fragment] = splitOnce(url.slice(q + 1), '#');
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_NAME.test(decodeName(name)) ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${redacted}${fragment === undefined ? '' : `#${fragment}`}`;
}

function decodeName(name: string): string {
  const spaced = name.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced).toLowerCase();
  } catch {
    // A malformed escape: decode what can be decoded, so `%74oken%` still reads as "token".
    return spaced.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).toLowerCase();
  }
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
