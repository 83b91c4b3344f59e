import { FieldError } from './mock-sirh.types';

/** From the contract, not from `src/mapping`, so a drift in the service's mapping shows up as a 422. */
export const CONTRACT_TYPES = ['CDI', 'CDD', 'INTERNSHIP', 'APPRENTICESHIP', 'FREELANCE', 'INTERIM', 'OTHER'];

const E164 = /^\+[1-9]\d{6,14}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a POST /employees body against the canonical record; returns every problem (empty when valid).
 * Nullable fields must still be present: the contract sends `null` for unknown, never omits.
 */
export function validateEmployee(body: unknown): FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: '(body)', message: 'must be a JSON object' }];
  }
  const record = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  for (const field of ['externalId', 'firstName', 'lastName']) {
    if (!isNonBlankString(record[field])) fail(field, 'must be a non-empty string');
  }

  // An empty string is an invented value: unknown is null.
  if (!(record.email === null || isNonBlankString(record.email))) {
    fail('email', 'must be a non-empty string or null');
  }

  if (!(record.phone === null || (typeof record.phone === 'string' && E164.test(record.phone)))) {
    fail('phone', 'must be an E.164 number (e.g. +33612345678) or null');
  }

  if (!(record.contractType === null || CONTRACT_TYPES.includes(record.contractType as string))) {
    fail('contractType', `must be one of ${CONTRACT_TYPES.join(', ')} or null`);
  }

  if (!(record.startDate === null || isCalendarDate(record.startDate))) {
    fail('startDate', 'must be a YYYY-MM-DD date or null');
  }

  return errors;
}

function isNonBlankString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The shape alone would let 2022-02-30 through; a real HRIS would not. */
function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
