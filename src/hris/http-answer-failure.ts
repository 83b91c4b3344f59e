import { HrisFailure, HrisFieldError } from './hris-failure';
import { parseRetryAfter } from './retry-after';

/** An HRIS answer that is not a success, as a connector read it. */
export interface HttpErrorAnswer {
  status: number;
  /** Raw `Retry-After` header, when the HRIS sent one. */
  retryAfter?: string | null;
  responseExcerpt?: string | null;
  fieldErrors?: HrisFieldError[];
}

/**
 * The usual reading of an HTTP error, for connectors whose vendor follows HTTP: 429 waits for
 * Retry-After; 5xx and 408 are retried; 401/403 fail for good as an authentication failure; any
 * other 4xx fails for good (retrying cannot fix it). A connector whose vendor means something
 * else by a status decides that case before calling this.
 */
export function failureForHttpAnswer(message: string, answer: HttpErrorAnswer, now = Date.now()): HrisFailure {
  const details = { httpStatus: answer.status, responseExcerpt: answer.responseExcerpt ?? null, fieldErrors: answer.fieldErrors };
  if (answer.status === 429) return HrisFailure.rateLimited(message, parseRetryAfter(answer.retryAfter, now), details);
  if (answer.status >= 500 || answer.status === 408) return HrisFailure.retryable(message, details);
  if (answer.status === 401 || answer.status === 403) return HrisFailure.permanent(message, { ...details, authenticationFailed: true });
  return HrisFailure.permanent(message, details);
}
