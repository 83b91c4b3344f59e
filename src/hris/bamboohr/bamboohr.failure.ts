import { HrisFailure, HrisFieldError } from '../hris-failure';
import { HrisAnswer, excerpt } from '../hris-http';
import { parseRetryAfter } from '../retry-after';

/** BambooHR puts an error's detail in this header; bodies are mostly empty. */
export const ERROR_MESSAGE_HEADER = 'x-bamboohr-error-message';

export function bambooHrErrorMessage(res: HrisAnswer): string | null {
  const message = res.headers.get(ERROR_MESSAGE_HEADER)?.trim();
  return message ? message : null;
}

/** Shown when BambooHR refuses a new employee because the account is at its subscription's employee count. */
export const EMPLOYEE_LIMIT_MESSAGE =
  'BambooHR refused the new employee: the account has reached the employee limit of its subscription. ' +
  'An administrator must raise the limit (or archive employees) in BambooHR, then retry this hire.';

/**
 * What a 429 means. BambooHR's status list reads it as "employee limit reached"; its notice of
 * 2026-09-10 says rate limiting answers 429 from 2026-09-16 (instead of 503), always with
 * `Retry-After`. Both readings, decided here only: with Retry-After it is throttling, without it the
 * employee limit.
 */
export function reading429(res: HrisAnswer): 'rateLimited' | 'employeeLimit' {
  return res.headers.get('retry-after') ? 'rateLimited' : 'employeeLimit';
}

/**
 * BambooHR's HTTP answers in our terms, apart from 409 which the connector resolves by a look-up:
 * throttling is 503 (or 429) with Retry-After; 429 without it is the employee limit, for good; other
 * 5xx are retried; 401/403 are refused credentials or permissions; 400/406 are the payload, for good.
 */
export function bambooHrFailure(what: string, res: HrisAnswer, sentFields: readonly string[] = []): HrisFailure {
  const detail = bambooHrErrorMessage(res);
  const message = `${what}: BambooHR answered ${res.status}${detail ? `: ${detail}` : ''}`;
  const details = { httpStatus: res.status, responseExcerpt: excerpt(detail ?? res.text) };
  const retryAfter = res.headers.get('retry-after');
  if (res.status === 429) {
    if (reading429(res) === 'rateLimited') return HrisFailure.rateLimited(message, parseRetryAfter(retryAfter), details);
    return HrisFailure.permanent(`${EMPLOYEE_LIMIT_MESSAGE}${detail ? ` (BambooHR: ${detail})` : ''}`, details);
  }
  if (res.status === 503 && retryAfter) return HrisFailure.rateLimited(message, parseRetryAfter(retryAfter), details);
  if (res.status >= 500 || res.status === 408) return HrisFailure.retryable(message, details);
  if (res.status === 401 || res.status === 403) return HrisFailure.permanent(message, { ...details, authenticationFailed: true });
  const fieldErrors = res.status === 400 || res.status === 406 || res.status === 409 ? fieldErrorsOf(detail, sentFields) : undefined;
  return HrisFailure.permanent(message, { ...details, fieldErrors });
}

/**
 * BambooHR names refused fields only inside its message: each field we sent that the message names
 * becomes a field error, else the whole message is one (on `employee`).
 */
export function fieldErrorsOf(detail: string | null, sentFields: readonly string[]): HrisFieldError[] | undefined {
  if (!detail) return undefined;
  const named = sentFields.filter((field) => new RegExp(`\\b${field}\\b`).test(detail));
  return named.length > 0 ? named.map((field) => ({ field, message: detail })) : [{ field: 'employee', message: detail }];
}
