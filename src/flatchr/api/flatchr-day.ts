/** A calendar day as `YYYY-MM-DD`: the unit of Flatchr's date filters, which have no time of day. */
export type IsoDay = string;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isIsoDay(value: unknown): value is IsoDay {
  if (typeof value !== 'string') return false;
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The UTC day of an instant. */
export function utcDayOf(at: Date | number): IsoDay {
  return new Date(at).toISOString().slice(0, 10);
}

export function addDays(day: IsoDay, days: number): IsoDay {
  return utcDayOf(dayStart(day) + days * DAY_MS);
}

/** Milliseconds of the day's UTC midnight. */
export function dayStart(day: IsoDay): number {
  if (!isIsoDay(day)) throw new Error(`not a YYYY-MM-DD day: "${day}"`);
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return Math.round((dayStart(to) - dayStart(from)) / DAY_MS);
}

/** `2026-11-30` -> `11/30/26`: the search filters' documented format (MM/DD/YY). */
export function toFlatchrFilterDate(day: IsoDay): string {
  const m = ISO_DAY.exec(day);
  if (!m || !isIsoDay(day)) throw new Error(`not a YYYY-MM-DD day: "${day}"`);
  return `${m[2]}/${m[3]}/${m[1].slice(2)}`;
}

/** `11/30/26` -> `2026-11-30`, or null. Two-digit years are read in 2000-2099, as Flatchr has no earlier data. */
export function fromFlatchrFilterDate(text: unknown): IsoDay | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const day = `20${m[3]}-${m[1]}-${m[2]}`;
  return isIsoDay(day) ? day : null;
}

/**
 * A date as Flatchr answers it, to an instant: ISO text, epoch seconds (the REST examples) or
 * milliseconds, or the search table's `DD/MM/YY` (read as that day's UTC midnight). Null otherwise.
 */
export function parseFlatchrInstant(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    // Epoch seconds stay below 1e11 until the year 5138; milliseconds are above it since 1973.
    return new Date(value < 1e11 ? value * 1000 : value);
  }
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const short = /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(text);
  if (short) {
    const day = `20${short[3]}-${short[2]}-${short[1]}`;
    return isIsoDay(day) ? new Date(dayStart(day)) : null;
  }
  if (/^\d+$/.test(text)) return parseFlatchrInstant(Number(text));
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}
