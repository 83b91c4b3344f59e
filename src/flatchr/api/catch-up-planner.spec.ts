import { halveWindow, planBackfillRange, planCatchUpWindow, splitRange } from './catch-up-planner';
import { fromFlatchrFilterDate, parseFlatchrInstant, toFlatchrFilterDate } from './flatchr-day';

describe('Flatchr filter dates', () => {
  it('formats a day as MM/DD/YY and reads it back', () => {
    expect(toFlatchrFilterDate('2026-11-30')).toBe('11/30/26');
    expect(toFlatchrFilterDate('2027-01-05')).toBe('01/05/27');
    expect(fromFlatchrFilterDate('01/05/27')).toBe('2027-01-05');
    expect(fromFlatchrFilterDate('13/05/27')).toBeNull();
    expect(fromFlatchrFilterDate('2027-01-05')).toBeNull();
    expect(() => toFlatchrFilterDate('2026-02-30')).toThrow(/YYYY-MM-DD/);
  });

  it('reads the instants Flatchr answers: ISO, epoch seconds, epoch ms, DD/MM/YY', () => {
    expect(parseFlatchrInstant('2022-01-13T15:26:53.148Z')?.toISOString()).toBe('2022-01-13T15:26:53.148Z');
    expect(parseFlatchrInstant(1645015716)?.toISOString()).toBe('2022-02-16T12:48:36.000Z');
    expect(parseFlatchrInstant(1645015716000)?.toISOString()).toBe('2022-02-16T12:48:36.000Z');
    expect(parseFlatchrInstant('09/11/21')?.toISOString()).toBe('2021-11-09T00:00:00.000Z');
    expect(parseFlatchrInstant('yesterday')).toBeNull();
    expect(parseFlatchrInstant(null)).toBeNull();
  });
});

describe('planCatchUpWindow', () => {
  const now = new Date('2026-11-30T10:00:00Z');

  it('asks from the day of (last success - overlap), one day earlier, to two days after today', () => {
    const plan = planCatchUpWindow({ now, lastSuccessAt: new Date('2026-11-30T09:45:00Z'), overlapMs: 60 * 60 * 1000 });
    expect(plan).toEqual({
      from: '2026-11-29',
      to: '2026-12-02',
      since: new Date('2026-11-30T08:45:00Z'),
      markOnSuccess: now,
    });
  });

  it('reaches the previous day when the overlap crosses midnight', () => {
    const plan = planCatchUpWindow({
      now: new Date('2026-11-30T00:10:00Z'),
      lastSuccessAt: new Date('2026-11-30T00:05:00Z'),
      overlapMs: 30 * 60 * 1000,
    });
    expect(plan.from).toBe('2026-11-28');
  });

  it('looks back a week on the first run, and reads a last success in the future as now', () => {
    expect(planCatchUpWindow({ now, lastSuccessAt: null }).from).toBe('2026-11-22');
    expect(planCatchUpWindow({ now, lastSuccessAt: new Date('2026-12-03T00:00:00Z'), overlapMs: 0 }).from).toBe('2026-11-29');
  });

  it('covers a long outage in one range (the iterator cuts it into windows)', () => {
    const plan = planCatchUpWindow({ now, lastSuccessAt: new Date('2026-10-01T12:00:00Z') });
    expect(plan.from).toBe('2026-09-30');
  });
});

describe('backfill ranges and windows', () => {
  it('asks from the day before `since` to two days after today', () => {
    expect(planBackfillRange('2026-11-01', new Date('2026-11-30T10:00:00Z'))).toEqual({ from: '2026-10-31', to: '2026-12-02' });
    expect(() => planBackfillRange('2026-12-25', new Date('2026-11-30T10:00:00Z'))).toThrow(/after today/);
    expect(() => planBackfillRange('01/11/26', new Date())).toThrow(/YYYY-MM-DD/);
  });

  it('cuts a range into windows sharing their edge day, the last ending at the range end', () => {
    expect(splitRange({ from: '2026-11-01', to: '2026-11-17' }, 7)).toEqual([
      { from: '2026-11-01', to: '2026-11-08' },
      { from: '2026-11-08', to: '2026-11-15' },
      { from: '2026-11-15', to: '2026-11-17' },
    ]);
    expect(splitRange({ from: '2026-11-01', to: '2026-11-03' }, 7)).toEqual([{ from: '2026-11-01', to: '2026-11-03' }]);
    expect(() => splitRange({ from: '2026-11-03', to: '2026-11-01' }, 7)).toThrow(/before it starts/);
  });

  it('halves a window down to one day, and no further', () => {
    expect(halveWindow({ from: '2026-11-01', to: '2026-11-05' })).toEqual([
      { from: '2026-11-01', to: '2026-11-03' },
      { from: '2026-11-03', to: '2026-11-05' },
    ]);
    expect(halveWindow({ from: '2026-11-01', to: '2026-11-02' })).toBeNull();
  });
});
