import { HrisFailure } from '../hris-failure';
import { HrisAnswer, excerpt } from '../hris-http';
import { failureForHttpAnswer } from '../http-answer-failure';
import { errorMessageInBody, fieldErrorsInBody } from '../vendor-error-body';

/** An employee as Factorial answers it (fields the connector reads). */
export interface FactorialEmployee {
  id: string;
  firstName: string | null;
  lastName: string | null;
  /** Lower-cased emails the employee carries (login and personal). */
  emails: string[];
}

export interface FactorialEmployeePage {
  employees: FactorialEmployee[];
  /** `meta.end_cursor` when `meta.has_next_page`, else null. */
  nextCursor: string | null;
}

export function isSuccess(answer: HrisAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** Ids are strings from version 2026-07-01; numbers from older habits are accepted and kept as strings. */
export function factorialId(raw: unknown): string | null {
  if (typeof raw === 'string' && raw.trim() !== '') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

export function employeeOf(item: unknown): FactorialEmployee | null {
  if (item === null || typeof item !== 'object') return null;
  const e = item as Record<string, unknown>;
  const id = factorialId(e.id);
  if (!id) return null;
  const emails = ['email', 'login_email', 'personal_email']
    .map((key) => e[key])
    .filter((v): v is string => typeof v === 'string' && v.includes('@'))
    .map((v) => v.trim().toLowerCase());
  return {
    id,
    firstName: typeof e.first_name === 'string' ? e.first_name : null,
    lastName: typeof e.last_name === 'string' ? e.last_name : null,
    emails,
  };
}

/** One page of the employee list: `{data: [...], meta: {has_next_page, end_cursor}}`. */
export function employeePageOf(body: unknown): FactorialEmployeePage {
  const b = (body ?? {}) as { data?: unknown; meta?: { has_next_page?: unknown; end_cursor?: unknown } };
  const items = Array.isArray(b.data) ? b.data : [];
  const cursor = factorialId(b.meta?.end_cursor);
  return {
    employees: items.map(employeeOf).filter((e): e is FactorialEmployee => e !== null),
    nextCursor: b.meta?.has_next_page === true && cursor ? cursor : null,
  };
}

/**
 * A Factorial error answer as the sync should treat it: 429 waits for Retry-After (a default wait
 * without it), 5xx retried, 401/403 the connection's credentials, 422 the hire's fields. Factorial
 * does not document the 422 body: the field messages are read from the usual shapes
 * (vendor-error-body.ts) and the body kept in the excerpt.
 */
export function factorialFailure(what: string, answer: HrisAnswer): HrisFailure {
  const reason = errorMessageInBody(answer.body);
  const fieldErrors = fieldErrorsInBody(answer.body);
  return failureForHttpAnswer(`Factorial answered ${answer.status} to ${what}${reason ? `: ${reason}` : ''}`, {
    status: answer.status,
    retryAfter: answer.headers.get('retry-after'),
    responseExcerpt: excerpt(answer.text),
    fieldErrors: fieldErrors.length > 0 ? fieldErrors : undefined,
  });
}
