import { HrisFailure, HrisFieldError } from '../hris-failure';
import { excerpt, HrisAnswer } from '../hris-http';
import { failureForHttpAnswer } from '../http-answer-failure';
import type { LuccaArchetype } from './lucca.payload';

/** A user as the look-up answers it (`fields=id,firstName,lastName,mail`). */
export interface LuccaUserSummary {
  id: string;
  firstName: string | null;
  lastName: string | null;
  mail: string | null;
}

/** Longest id kept: Lucca's ids are integers, anything longer is no Lucca id. */
const MAX_ID_LENGTH = 32;

export function isSuccess(answer: HrisAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** The v3 users API wraps every answer in `data`; a list is `data.items`. */
export function usersIn(answer: HrisAnswer): LuccaUserSummary[] {
  const data = (answer.body as { data?: unknown } | null)?.data;
  const items = (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    throw HrisFailure.retryable(`Lucca answered ${answer.status} to the user look-up without data.items`, details(answer));
  }
  return items.flatMap((item: unknown) => {
    const id = idIn(item);
    if (id === null) return [];
    const u = item as Record<string, unknown>;
    return [{ id, firstName: textOrNull(u.firstName), lastName: textOrNull(u.lastName), mail: textOrNull(u.mail) }];
  });
}

/** `data.id` of a created user (v3 wraps it), or `id` of a created work contract (4.0 does not). */
export function createdId(answer: HrisAnswer, what: string): string {
  const body = answer.body as { data?: unknown } | null;
  const id = idIn(body?.data) ?? idIn(body);
  if (id === null) {
    // A success without an id cannot be resumed from: a Lucca fault, and the look-up finds the user next time.
    throw HrisFailure.retryable(`Lucca answered ${answer.status} to the ${what} create without an id`, details(answer));
  }
  return id;
}

/** Ids in a directory 4.0 list (`{items: [...]}`). */
export function contractIdsIn(answer: HrisAnswer): string[] {
  const items = (answer.body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    throw HrisFailure.retryable(`Lucca answered ${answer.status} to the work-contract list without items`, details(answer));
  }
  return items.map(idIn).filter((id): id is string => id !== null);
}

/** The archetype list, wrapped (`data.items`) or not (`items`): the legacy directory API does both. */
export function archetypesIn(answer: HrisAnswer): LuccaArchetype[] {
  const body = answer.body as { items?: unknown; data?: { items?: unknown } | unknown[] } | unknown[] | null;
  const items = Array.isArray(body)
    ? body
    : Array.isArray(body?.items)
      ? body.items
      : Array.isArray(body?.data)
        ? body.data
        : (body?.data as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) {
    throw HrisFailure.retryable(`Lucca answered ${answer.status} to the archetype list without items`, details(answer));
  }
  return items.flatMap((item: unknown) => {
    const id = Number(idIn(item));
    const name = textOrNull((item as { name?: unknown } | null)?.name);
    return Number.isSafeInteger(id) && id > 0 && name ? [{ id, name }] : [];
  });
}

/** RFC 7807 `errors`: a map field -> messages, one field error per message. */
export function fieldErrorsIn(answer: HrisAnswer): HrisFieldError[] {
  const errors = (answer.body as { errors?: unknown } | null)?.errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return [];
  return Object.entries(errors as Record<string, unknown>).flatMap(([field, messages]) => {
    const list = Array.isArray(messages) ? messages : [messages];
    return list.filter((m): m is string => typeof m === 'string' && m !== '').map((message) => ({ field, message }));
  });
}

/**
 * Whether Lucca's answer to a user create may mean "this email is taken". Lucca does not document
 * it, so both readings count: a 409, or a 400 whose errors name the mail (or the login, which is
 * the mail). The caller then looks the email up: a user found is linked, none found means the 400
 * was a plain validation error and is reported as one.
 */
export function mayBeDuplicateEmail(answer: HrisAnswer): boolean {
  if (answer.status === 409) return true;
  if (answer.status !== 400) return false;
  return fieldErrorsIn(answer).some((e) => /(^|\.)(mail|login)$/i.test(e.field));
}

/** Lucca's error answers follow HTTP (408 is its own 5-second abort): the usual reading, with the problem's field errors. */
export function luccaFailure(what: string, answer: HrisAnswer): HrisFailure {
  const fieldErrors = fieldErrorsIn(answer);
  return failureForHttpAnswer(`Lucca answered ${answer.status} to ${what}${problemText(answer, fieldErrors)}`, {
    status: answer.status,
    retryAfter: answer.headers.get('retry-after'),
    responseExcerpt: excerpt(answer.text),
    fieldErrors: fieldErrors.length > 0 ? fieldErrors : undefined,
  });
}

/** `title`/`detail` of the problem, then the field messages, for the one-line message. */
function problemText(answer: HrisAnswer, fieldErrors: HrisFieldError[]): string {
  const body = answer.body as { title?: unknown; detail?: unknown } | null;
  const parts = [textOrNull(body?.detail) ?? textOrNull(body?.title), ...fieldErrors.map((e) => `${e.field}: ${e.message}`)];
  const text = parts.filter((p): p is string => p !== null).join('; ');
  return text ? `: ${text}` : '';
}

function details(answer: HrisAnswer) {
  return { httpStatus: answer.status, responseExcerpt: excerpt(answer.text) };
}

function idIn(value: unknown): string | null {
  const raw = (value as { id?: unknown } | null)?.id;
  const id = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' && raw !== '' ? raw : null;
  return id !== null && id.length <= MAX_ID_LENGTH ? id : null;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
