import { HrisFailure } from '../hris-failure';
import { HrisAnswer, excerpt } from '../hris-http';
import { failureForHttpAnswer } from '../http-answer-failure';
import { parseRetryAfter } from '../retry-after';
import { errorMessageInBody, fieldErrorsInBody } from '../vendor-error-body';

/**
 * Wait after PayFit's 429 when it says nothing more: its limits are per second (50 reads, 20 writes)
 * and it documents no Retry-After, so two seconds clears the window with a margin.
 */
export const PAYFIT_RATE_LIMIT_WAIT_MS = 2000;
/** A reset header further away than this is not a per-second window: it is capped. */
const MAX_PAYFIT_RESET_WAIT_MS = 60_000;

/**
 * How long to wait after a PayFit 429 (the one place this is decided): `Retry-After` if PayFit ever
 * sends it, else an `X-RateLimit-Reset-Second` (seconds to wait, or a Unix time) if present, else
 * PAYFIT_RATE_LIMIT_WAIT_MS.
 */
export function payfitRateLimitWaitMs(headers: Headers, now = Date.now()): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter && retryAfter.trim() !== '') return parseRetryAfter(retryAfter, now);
  const reset = (headers.get('x-ratelimit-reset-second') ?? headers.get('x-ratelimit-reset'))?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const seconds = Number(reset);
    const ms = seconds > 1e9 ? seconds * 1000 - now : seconds * 1000;
    return Math.min(Math.max(ms, 1000), MAX_PAYFIT_RESET_WAIT_MS);
  }
  return PAYFIT_RATE_LIMIT_WAIT_MS;
}

/** A PayFit answer that is not a success, as the sync should treat it. */
export function payfitFailure(what: string, answer: HrisAnswer, now = Date.now()): HrisFailure {
  const reason = errorMessageInBody(answer.body);
  const message = `PayFit answered ${answer.status} to ${what}${reason ? `: ${reason}` : ''}`;
  if (answer.status === 429) {
    return HrisFailure.rateLimited(message, payfitRateLimitWaitMs(answer.headers, now), {
      httpStatus: 429,
      responseExcerpt: excerpt(answer.text),
    });
  }
  const fieldErrors = fieldErrorsInBody(answer.body);
  return failureForHttpAnswer(message, {
    status: answer.status,
    responseExcerpt: excerpt(answer.text),
    fieldErrors: fieldErrors.length > 0 ? fieldErrors : undefined,
  });
}

export function isSuccess(answer: HrisAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** An id PayFit gave as a string or a number, kept as a string. */
export function payfitId(raw: unknown): string | null {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

/** The new collaborator's id: `{id}` per the reference ("returns its ID"), `{collaboratorId}` accepted too. */
export function collaboratorIdOf(answer: HrisAnswer): string | null {
  const body = answer.body as { id?: unknown; collaboratorId?: unknown } | null;
  return payfitId(body?.id) ?? payfitId(body?.collaboratorId) ?? (typeof answer.body === 'string' ? payfitId(answer.body) : null);
}

/**
 * The new contract's id. Unconfirmed whether PayFit answers it or a 201 with an empty body (a
 * third-party client reports the latter, and the contract readable only minutes later): both are a
 * success; null means PayFit did not say which contract it made.
 */
export function contractIdOf(answer: HrisAnswer): string | null {
  const body = answer.body as { id?: unknown; contractId?: unknown } | null;
  return payfitId(body?.id) ?? payfitId(body?.contractId);
}
