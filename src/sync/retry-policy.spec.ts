import { HrisRequestError } from '../hris/hris-request.error';
import { InvalidHireDataError } from '../mapping/invalid-hire-data.error';
import { DEFAULT_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMIT_WAIT_MS, classifyFailure, parseRetryAfter } from './retry-policy';

const http = (status: number, retryAfter?: string) =>
  new HrisRequestError(`SIRH answered ${status}`, { httpStatus: status, retryAfter: retryAfter ?? null });

describe('classifyFailure', () => {
  it.each([500, 502, 503, 504, 408])('retries HTTP %i', (status) => {
    expect(classifyFailure(http(status)).kind).toBe('retryable');
  });

  it.each([400, 401, 403, 404, 409, 422])('fails HTTP %i permanently', (status) => {
    expect(classifyFailure(http(status)).kind).toBe('permanent');
  });

  it('retries time-outs and network errors (no HTTP status)', () => {
    const timeout = new HrisRequestError('SIRH did not answer', { httpStatus: null, timedOut: true });
    const refused = new HrisRequestError('SIRH unreachable: ECONNREFUSED', { httpStatus: null });
    expect(classifyFailure(timeout).kind).toBe('retryable');
    expect(classifyFailure(refused).kind).toBe('retryable');
  });

  it('waits for Retry-After on 429', () => {
    expect(classifyFailure(http(429, '7'))).toEqual({ kind: 'rate_limited', reason: 'SIRH answered 429', waitMs: 7000 });
  });

  it('fails invalid hire data permanently', () => {
    expect(classifyFailure(new InvalidHireDataError(['data.candidate.firstname'])).kind).toBe('permanent');
  });

  it('retries unexpected errors (our own database blinking must not lose a hire)', () => {
    expect(classifyFailure(new Error('Connection terminated unexpectedly')).kind).toBe('retryable');
  });
});

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
