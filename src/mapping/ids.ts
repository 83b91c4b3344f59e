import type { FlatchrIdValue } from './flatchr-payload.types';

export type { FlatchrIdValue };

/**
 * One text form per id, so 60 and "60" (Flatchr sends both) give the same key, e.g. in
 * externalId. Returns null for anything that is not a usable id (null, '', '  ', NaN, objects).
 */
export function normalizeId(value: FlatchrIdValue | null | undefined): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  return null;
}

/**
 * The form sent in the record: digit-only ids become numbers, so `source.companyId` is 60
 * however it came. Ids with a leading zero or beyond the safe integer range stay strings:
 * turning them into numbers would change them.
 */
export function idForRecord(value: FlatchrIdValue | null | undefined): number | string | null {
  const text = normalizeId(value);
  if (text === null) return null;
  if (/^(0|[1-9]\d*)$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}
