import { DAY_FILTER_MARGINS } from './flatchr-api-readings';
import { addDays, daysBetween, IsoDay, isIsoDay, utcDayOf } from './flatchr-day';

/** Days asked of Flatchr, both sent (`start_update` = from, `end_update` = to), `YYYY-MM-DD`. */
export interface DayRange {
  from: IsoDay;
  to: IsoDay;
}

export interface CatchUpPlanInput {
  now: Date;
  /** When the last successful catch-up started; null for the first one. */
  lastSuccessAt: Date | null;
  /** Asked again before the last success: what changed while it ran, clocks apart. Default 1 h. */
  overlapMs?: number;
  /** How far back the first catch-up looks; default 7 days (older hires are a backfill's job). */
  firstRunLookbackMs?: number;
}

export interface CatchUpPlan extends DayRange {
  /** The instant the window must cover from (last success minus the overlap). */
  since: Date;
  /** What to store as the last success once every page of this plan was handled: its start, never its end. */
  markOnSuccess: Date;
}

export const DEFAULT_CATCH_UP_OVERLAP_MS = 60 * 60 * 1000;
export const DEFAULT_FIRST_RUN_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The window a catch-up asks: from the day of (last success - overlap) to today, widened by
 * DAY_FILTER_MARGINS so it holds whether Flatchr's end date is inclusive or not and whether its days
 * are UTC or Paris ones. Day precision means every run asks at least these few days again: the
 * caller dedupes (the same applicant comes back on each run until the window moves past it).
 */
export function planCatchUpWindow(input: CatchUpPlanInput): CatchUpPlan {
  const now = input.now.getTime();
  const overlap = Math.max(0, input.overlapMs ?? DEFAULT_CATCH_UP_OVERLAP_MS);
  const last = input.lastSuccessAt?.getTime();
  // A last success in the future (a clock moved back) is read as now.
  const since = last === undefined ? now - (input.firstRunLookbackMs ?? DEFAULT_FIRST_RUN_LOOKBACK_MS) : Math.min(last, now) - overlap;
  return {
    from: addDays(utcDayOf(since), -DAY_FILTER_MARGINS.beforeDays),
    to: addDays(utcDayOf(now), DAY_FILTER_MARGINS.afterDays),
    since: new Date(since),
    markOnSuccess: new Date(now),
  };
}

/** Every hire since a day (`YYYY-MM-DD`, the backfill's `since`) up to now, with the same margins. */
export function planBackfillRange(since: IsoDay, now: Date): DayRange {
  if (!isIsoDay(since)) throw new Error(`since must be a YYYY-MM-DD day, got "${since}"`);
  const today = utcDayOf(now);
  if (daysBetween(since, today) < 0) throw new Error(`since (${since}) is after today (${today})`);
  return { from: addDays(since, -DAY_FILTER_MARGINS.beforeDays), to: addDays(today, DAY_FILTER_MARGINS.afterDays) };
}

/**
 * A range cut into windows of `windowDays`, consecutive windows sharing their edge day (an exclusive
 * end date would otherwise lose it): [d, d+n], [d+n, d+2n], ... the last one ending at `to`.
 */
export function splitRange(range: DayRange, windowDays: number): DayRange[] {
  if (!(Number.isInteger(windowDays) && windowDays >= 1))
    throw new Error(`windowDays must be a whole number of days >= 1, got ${windowDays}`);
  const span = daysBetween(range.from, range.to);
  if (span < 0) throw new Error(`range ends (${range.to}) before it starts (${range.from})`);
  if (span <= windowDays) return [{ ...range }];
  const windows: DayRange[] = [];
  for (let start = range.from; daysBetween(start, range.to) > 0; start = addDays(start, windowDays)) {
    const end = addDays(start, windowDays);
    windows.push({ from: start, to: daysBetween(end, range.to) > 0 ? end : range.to });
  }
  return windows;
}

/** Two halves sharing the middle day, or null for a window of one day (from = to, or to = from + 1): it cannot be narrowed. */
export function halveWindow(window: DayRange): [DayRange, DayRange] | null {
  const span = daysBetween(window.from, window.to);
  if (span < 2) return null;
  const middle = addDays(window.from, Math.floor(span / 2));
  return [
    { from: window.from, to: middle },
    { from: middle, to: window.to },
  ];
}
