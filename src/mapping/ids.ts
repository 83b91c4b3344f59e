export type FlatchrIdValue = number | string;

/** Flatchr sends the same id as 60 or "60": one text form for keys. */
export function normalizeId(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

/** The form sent in the record: numbers stay numbers, so `companyId` is 60 however it came. */
export function idForRecord(value: unknown): number | string | null {
  const text = normalizeId(value);
  if (text === null) return null;
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}
