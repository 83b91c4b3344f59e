/** Used when a 429 comes without a usable Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
/** A hostile or broken Retry-After cannot park a hire for days. */
export const MAX_RATE_LIMIT_WAIT_MS = 60 * 60 * 1000;

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number {
  if (value === null || value === undefined || value.trim() === '') return DEFAULT_RATE_LIMIT_WAIT_MS;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return DEFAULT_RATE_LIMIT_WAIT_MS;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RATE_LIMIT_WAIT_MS);
}
