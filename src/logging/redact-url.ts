/** The webhook secret travels as `?token=`: it must never reach a log line. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[REDACTED]');
}
