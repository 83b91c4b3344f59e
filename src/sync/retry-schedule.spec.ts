import { backoffAfter, retrySchedule } from './retry-schedule';

describe('retrySchedule', () => {
  const ended = new Date('2026-11-30T09:40:00.000Z');

  it('doubles the back-off per attempt, as BullMQ exponential does', () => {
    expect([1, 2, 3, 4].map((n) => backoffAfter(n, 2000))).toEqual([2000, 4000, 8000, 16000]);
  });

  it('puts the next attempt at the end of the last one plus the parked delay', () => {
    const s = retrySchedule({
      attemptsMade: 3,
      maxAttempts: 10,
      backoffMs: 60_000,
      delayMs: 120_000,
      lastAttemptEndedAt: ended,
      callTimeoutMs: 0,
    });
    expect(s.nextAttempt).toBe(4);
    expect(s.maxAttempts).toBe(10);
    expect(s.nextAt.toISOString()).toBe('2026-11-30T09:42:00.000Z');
    // Attempts 4..9 fail and wait 2^3..2^8 minutes: 8+16+32+64+128+256 = 504 min after 09:42.
    expect(s.givesUpBy.toISOString()).toBe('2026-11-30T18:06:00.000Z');
  });

  it('adds the HRIS time-out of every remaining attempt', () => {
    const s = retrySchedule({
      attemptsMade: 1,
      maxAttempts: 2,
      backoffMs: 1000,
      delayMs: 1000,
      lastAttemptEndedAt: ended,
      callTimeoutMs: 10_000,
    });
    expect(s.nextAt.toISOString()).toBe('2026-11-30T09:40:01.000Z');
    expect(s.givesUpBy.toISOString()).toBe('2026-11-30T09:40:11.000Z');
  });
});
