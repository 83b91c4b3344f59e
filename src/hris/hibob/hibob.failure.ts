import { HrisFailure, HrisFieldError } from '../hris-failure';
import { HrisAnswer, excerpt } from '../hris-http';
import { failureForHttpAnswer } from '../http-answer-failure';

/** HiBob's error body: a `key` and an `error` message (the docs' "simpler key and error pair"). */
function errorOf(res: HrisAnswer): { key: string | null; error: string | null } {
  const body = res.body as { key?: unknown; error?: unknown; message?: unknown } | null;
  const error = typeof body?.error === 'string' ? body.error : typeof body?.message === 'string' ? body.message : null;
  return { key: typeof body?.key === 'string' ? body.key : null, error };
}

/** HiBob answers a create whose email is taken with 400 (its docs: "results in a duplicate record"). */
export function isDuplicateEmail(res: HrisAnswer): boolean {
  return res.status === 400 && /already exists|duplicate/i.test(errorOf(res).error ?? '');
}

/** HiBob follows HTTP: 429 waits for Retry-After, 5xx retried, 401/403 refused credentials, 400 the payload (field by field). */
export function hiBobFailure(what: string, res: HrisAnswer): HrisFailure {
  const { key, error } = errorOf(res);
  const fieldErrors: HrisFieldError[] | undefined = res.status === 400 && error ? [{ field: key ?? 'person', message: error }] : undefined;
  return failureForHttpAnswer(`${what}: HiBob answered ${res.status}${error ? `: ${error}` : ''}`, {
    status: res.status,
    retryAfter: retryAfterOf(res),
    responseExcerpt: excerpt(res.text),
    fieldErrors,
  });
}

/** Retry-After when sent, else HiBob's documented `X-RateLimit-Reset` (epoch seconds) as an HTTP date. */
export function retryAfterOf(res: HrisAnswer): string | null {
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter) return retryAfter;
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toUTCString() : null;
}
