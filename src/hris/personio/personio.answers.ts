import type { HrisFieldError } from '../hris-failure';

/**
 * Reading Personio v1 answers (shapes from Personio's OpenAPI description, personnel data v1):
 * employees come as `data[].attributes.<name>.value`, errors as `{success:false, error:{code, message}}`.
 */

/** The attributes a look-up asks for (`attributes[]`), so an answer never carries salaries or IBANs into our records. */
export const LOOKUP_ATTRIBUTES = ['first_name', 'last_name', 'email'] as const;

export interface PersonioEmployeeFound {
  id: string;
  firstName: string | null;
  lastName: string | null;
}

type Attributes = Record<string, { value?: unknown } | undefined>;

function attributesOf(item: unknown): Attributes | null {
  const attributes = (item as { attributes?: unknown } | null)?.attributes;
  return typeof attributes === 'object' && attributes !== null ? (attributes as Attributes) : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * The employee of a `GET /v1/company/employees?email=` answer whose email is the one asked for.
 * The filter is exact on Personio's side; the email is compared again in case the filter was dropped
 * (Personio ignores it when `updated_since` is given). An item without a readable email (the API
 * credentials may not expose that attribute) is trusted to the filter.
 */
export function foundEmployee(body: unknown, email: string): PersonioEmployeeFound | null {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  const wanted = email.trim().toLowerCase();
  for (const item of data) {
    const attributes = attributesOf(item);
    if (!attributes) continue;
    const id = text(attributes.id?.value);
    if (id === null) continue;
    const itsEmail = text(attributes.email?.value);
    if (itsEmail !== null && itsEmail.trim().toLowerCase() !== wanted) continue;
    return { id, firstName: text(attributes.first_name?.value), lastName: text(attributes.last_name?.value) };
  }
  return null;
}

/** True when the list's items carry the email attribute (the credentials may read it). */
export function listShowsEmails(body: unknown): boolean | null {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length === 0) return null;
  return data.every((item) => attributesOf(item)?.email !== undefined);
}

/** `metadata.total_elements` of a list answer. */
export function totalEmployees(body: unknown): number | null {
  const total = (body as { metadata?: { total_elements?: unknown } } | null)?.metadata?.total_elements;
  return typeof total === 'number' ? total : null;
}

/** `data.id` of a create answer (`{success:true, data:{id, message}}`). */
export function createdEmployeeId(body: unknown): string | null {
  const success = (body as { success?: unknown } | null)?.success;
  if (success === false) return null;
  return text((body as { data?: { id?: unknown } } | null)?.data?.id);
}

/** `error.message` of an error answer. */
export function errorMessage(body: unknown): string | null {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'string') return text(error);
  return text((error as { message?: unknown } | null)?.message);
}

/**
 * What Personio says it ignored in a successful create (a department, office or subcompany name it
 * does not have). The create answer's `meta` is not described in Personio's OpenAPI; its update
 * answer has `meta: string[]`, and its error details use `{field, description}` objects. Both
 * readings are taken here, in this one function, along with `{errors: [...]}` and plain messages.
 */
export function metaNotices(body: unknown): string[] {
  const meta = (body as { meta?: unknown } | null)?.meta;
  const notices: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 3 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (value.trim() !== '') notices.push(value.trim());
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (typeof value !== 'object') return;
    const entry = value as Record<string, unknown>;
    const message = text(entry.message) ?? text(entry.description) ?? text(entry.detail) ?? text(entry.details) ?? text(entry.title);
    if (message !== null) {
      const field = text(entry.field) ?? text(entry.attribute);
      notices.push(field !== null && !message.toLowerCase().includes(field.toLowerCase()) ? `${field}: ${message}` : message);
      return;
    }
    for (const nested of Object.values(entry)) visit(nested, depth + 1);
  };
  visit(meta, 0);
  return [...new Set(notices)];
}

/** Personio attribute names, and how its messages spell them ("first name", "hire_date"). */
const FIELD_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['first_name', /first[ _]?name/i],
  ['last_name', /last[ _]?name/i],
  ['preferred_name', /preferred[ _]?name/i],
  ['hire_date', /hire[ _]?date/i],
  ['supervisor_id', /supervisor/i],
  ['weekly_working_hours', /weekly[ _]?working[ _]?hours/i],
  ['subcompany', /sub[ -]?company/i],
  ['department', /department/i],
  ['office', /office/i],
  ['position', /position/i],
  ['gender', /gender/i],
  ['status', /\bstatus\b/i],
  ['email', /e-?mail/i],
];

/**
 * A 422 carries one message, not a field map; the fields it names become field errors with that
 * message, so the operator sees which value to fix. None named: no field errors (the message stays the failure's).
 */
export function fieldErrorsOfMessage(message: string | null): HrisFieldError[] {
  if (!message) return [];
  return FIELD_PATTERNS.filter(([, pattern]) => pattern.test(message)).map(([field]) => ({ field, message }));
}
