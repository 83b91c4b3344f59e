/** Flatchr sends ids as integers in some places and as strings in others: one spelling for both. */
export type FlatchrId = number | string;

export function isFlatchrId(value: unknown): value is FlatchrId {
  return (
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && value.trim().length > 0 && value.length <= 200)
  );
}

export function idToText(value: unknown): string | null {
  return isFlatchrId(value) ? String(value).trim() : null;
}
