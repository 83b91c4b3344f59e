/**
 * A vacancy's `start_date` as the record's YYYY-MM-DD, or null.
 *
 * Accepts '2022-02-01' and ISO date-times ('2022-02-01T00:00:00.000Z', '2022-02-01 09:00').
 * The calendar date is read as written, never shifted through a time zone: converting would
 * move a midnight start to the day before for half the world. Impossible dates ('2022-02-30')
 * and any other format are null rather than a guess.
 */
export function toStartDate(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${y}-${m}-${d}` : null;
}
