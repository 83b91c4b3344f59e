/**
 * When Flatchr gives no start date, a connection's rule picks one for HR to confirm, e.g. "the
 * first Monday two weeks after the hire" (`{ weeksAfterHire: 2, weekday: 'monday' }`).
 */
export interface StartDateRule {
  weeksAfterHire: number;
  /** The first such day on or after hire + weeks; `any` takes that day itself. */
  weekday: Weekday | 'any';
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DEFAULT_START_DATE_RULE: StartDateRule = { weeksAfterHire: 2, weekday: 'monday' };

/** The rule's date (YYYY-MM-DD) for a hire made at `hiredAt`, counted in UTC days. */
export function startDateByRule(hiredAt: Date, rule: StartDateRule): string {
  const day = new Date(Date.UTC(hiredAt.getUTCFullYear(), hiredAt.getUTCMonth(), hiredAt.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + rule.weeksAfterHire * 7);
  if (rule.weekday !== 'any') {
    const target = WEEKDAYS.indexOf(rule.weekday);
    day.setUTCDate(day.getUTCDate() + ((target - day.getUTCDay() + 7) % 7));
  }
  return day.toISOString().slice(0, 10);
}

/**
 * A connection's `settings.startDateRule`: `"none"`, or `{weeksAfterHire, weekday}`. Returns the
 * rule (null for none) or an error message for the operator.
 */
export function parseStartDateRule(value: unknown, fallback: StartDateRule | null): { rule: StartDateRule | null } | { error: string } {
  if (value === undefined || value === null) return { rule: fallback };
  if (value === 'none') return { rule: null };
  const v = value as { weeksAfterHire?: unknown; weekday?: unknown };
  if (typeof value !== 'object' || Array.isArray(value)) return { error: 'must be "none" or {"weeksAfterHire": 2, "weekday": "monday"}' };
  const weeks = v.weeksAfterHire ?? DEFAULT_START_DATE_RULE.weeksAfterHire;
  const weekday = typeof v.weekday === 'string' ? v.weekday.toLowerCase() : (v.weekday ?? DEFAULT_START_DATE_RULE.weekday);
  if (typeof weeks !== 'number' || !Number.isInteger(weeks) || weeks < 0 || weeks > 52)
    return { error: 'weeksAfterHire must be a whole number from 0 to 52' };
  if (weekday !== 'any' && !(WEEKDAYS as readonly unknown[]).includes(weekday))
    return { error: `weekday must be one of ${WEEKDAYS.join(', ')} or any` };
  return { rule: { weeksAfterHire: weeks, weekday: weekday as Weekday | 'any' } };
}
