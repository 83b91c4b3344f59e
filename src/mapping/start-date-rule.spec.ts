import { DEFAULT_START_DATE_RULE, parseStartDateRule, startDateByRule } from './start-date-rule';

describe('startDateByRule', () => {
  it('takes the first Monday two weeks after the hire', () => {
    // Monday 2026-11-30 -> +14 days is Monday 2026-12-14.
    expect(startDateByRule(new Date('2026-11-30T10:00:00Z'), DEFAULT_START_DATE_RULE)).toBe('2026-12-14');
    // Tuesday 2026-12-01 -> +14 = Tuesday 12-15 -> next Monday 12-21.
    expect(startDateByRule(new Date('2026-12-01T23:59:00Z'), DEFAULT_START_DATE_RULE)).toBe('2026-12-21');
    // Sunday 2026-12-27 -> +14 = Sunday 2027-01-10 -> Monday 2027-01-11 (across a year).
    expect(startDateByRule(new Date('2026-12-27T08:00:00Z'), DEFAULT_START_DATE_RULE)).toBe('2027-01-11');
  });

  it('follows other weekdays and "any"', () => {
    expect(startDateByRule(new Date('2026-11-30T10:00:00Z'), { weeksAfterHire: 1, weekday: 'friday' })).toBe('2026-12-11');
    expect(startDateByRule(new Date('2026-11-30T10:00:00Z'), { weeksAfterHire: 0, weekday: 'any' })).toBe('2026-11-30');
  });
});

describe('parseStartDateRule', () => {
  it('reads none, the default and a custom rule, and explains a bad one', () => {
    expect(parseStartDateRule(undefined, DEFAULT_START_DATE_RULE)).toEqual({ rule: DEFAULT_START_DATE_RULE });
    expect(parseStartDateRule('none', DEFAULT_START_DATE_RULE)).toEqual({ rule: null });
    expect(parseStartDateRule({ weeksAfterHire: 3, weekday: 'Wednesday' }, null)).toEqual({
      rule: { weeksAfterHire: 3, weekday: 'wednesday' },
    });
    expect(parseStartDateRule({ weeksAfterHire: -1 }, null)).toEqual({ error: expect.stringContaining('weeksAfterHire') });
    expect(parseStartDateRule({ weekday: 'someday' }, null)).toEqual({ error: expect.stringContaining('weekday') });
    expect(parseStartDateRule(5, null)).toEqual({ error: expect.stringContaining('none') });
  });
});
