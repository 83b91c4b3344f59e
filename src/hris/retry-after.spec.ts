import { DEFAULT_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMIT_WAIT_MS, parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 10:00:30 GMT', now)).toBe(30_000);
  });
  it('falls back to a default when missing or unreadable, and never waits in the past', () => {
    expect(parseRetryAfter(null, now)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
    expect(parseRetryAfter('soon', now)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
    expect(parseRetryAfter('Thu, 01 Jan 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('caps absurd waits', () => {
    expect(parseRetryAfter('99999999', now)).toBe(MAX_RATE_LIMIT_WAIT_MS);
  });
});
