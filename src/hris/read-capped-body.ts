/** What an HRIS answer may hold that is worth reading: ids, statuses, error messages. */
export const RESPONSE_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The answer's text, read as it streams in and cut at `limit` bytes; the rest is discarded
 * unread. An HRIS (or anything posing as one) answering hundreds of megabytes cannot exhaust
 * the worker's heap, and a truncated body simply fails to parse as JSON.
 */
export async function readCappedBody(res: Response, limit = RESPONSE_BODY_LIMIT_BYTES): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limit - size;
    chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
    size += Math.min(value.byteLength, room);
    if (size >= limit) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
