import { failureForHttpAnswer } from './http-answer-failure';
import { DEFAULT_RATE_LIMIT_WAIT_MS } from './retry-after';

describe('failureForHttpAnswer', () => {
  it.each([500, 502, 503, 504, 408])('retries HTTP %i', (status) => {
    expect(failureForHttpAnswer(`answered ${status}`, { status }).kind).toBe('retryable');
  });

  it.each([400, 404, 409, 422])('fails HTTP %i permanently', (status) => {
    const failure = failureForHttpAnswer(`answered ${status}`, { status });
    expect(failure.kind).toBe('permanent');
    expect(failure.authenticationFailed).toBe(false);
  });

  it.each([401, 403])('fails HTTP %i permanently, as an authentication failure', (status) => {
    const failure = failureForHttpAnswer(`answered ${status}`, { status });
    expect(failure.kind).toBe('permanent');
    expect(failure.authenticationFailed).toBe(true);
  });

  it('waits for Retry-After on 429, or the default without one', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(failureForHttpAnswer('answered 429', { status: 429, retryAfter: '7' }, now)).toMatchObject({
      kind: 'rate_limited',
      delayMs: 7000,
    });
    expect(failureForHttpAnswer('answered 429', { status: 429, retryAfter: 'Thu, 01 Jan 2026 10:00:30 GMT' }, now).delayMs).toBe(30_000);
    expect(failureForHttpAnswer('answered 429', { status: 429 }, now).delayMs).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
  });

  it('keeps the status, the excerpt and the field errors for the record', () => {
    const failure = failureForHttpAnswer('answered 422', {
      status: 422,
      responseExcerpt: '{"error":"invalid"}',
      fieldErrors: [{ field: 'startDate', message: 'required' }],
    });
    expect(failure).toMatchObject({
      message: 'answered 422',
      httpStatus: 422,
      responseExcerpt: '{"error":"invalid"}',
      fieldErrors: [{ field: 'startDate', message: 'required' }],
      delayMs: null,
    });
  });
});
