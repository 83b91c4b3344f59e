import { CHANNEL_TIMEOUT_MS } from './alert-channel';

/** Longest part of a refusal's body quoted back to the operator. */
const BODY_EXCERPT = 200;

/**
 * POSTs JSON and resolves with "HTTP <status>" on a 2xx. Errors name the status or the network
 * failure but never the URL: for Slack the URL is the secret.
 */
export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(CHANNEL_TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') throw new Error(`no answer within ${CHANNEL_TIMEOUT_MS / 1000} s`, { cause: err });
    throw new Error(e.cause?.code ?? e.cause?.message ?? e.message, { cause: err });
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, BODY_EXCERPT)}` : ''}`);
  return `HTTP ${res.status}`;
}
