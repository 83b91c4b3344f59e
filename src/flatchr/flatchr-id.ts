/** An id as Flatchr sends it: `60` or `"60"` or an encoded string like `"a4JL2lpEbydwBXKe"`. */
export type FlatchrId = number | string;

/** What the webhook accepts as an id: a safe integer, or a non-blank string of at most 200 characters. */
export function isFlatchrId(value: unknown): value is FlatchrId {
  return (
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && value.trim().length > 0 && value.length <= 200)
  );
}

/**
 * One text form per id, so 60 and "60" (Flatchr sends both) give the same key, e.g. in
 * externalId. Returns null for anything that is not a usable id (null, '', '  ', NaN, objects).
 */
export function idToText(value: unknown): string | null {
  return isFlatchrId(value) ? String(value).trim() : null;
}

/**
 * The form sent in the record: digit-only ids become numbers, so `source.companyId` is 60
 * however it came. Ids with a leading zero or beyond the safe integer range stay strings:
 * turning them into numbers would change them.
 */
export function idForRecord(value: unknown): number | string | null {
  const text = idToText(value);
  if (text === null) return null;
  if (/^(0|[1-9]\d*)$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}
