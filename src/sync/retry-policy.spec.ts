import { HrisFailure } from '../hris/hris-failure';
import { InvalidHireDataError } from '../mapping/invalid-hire-data.error';
import { classifyFailure } from './retry-policy';

describe('classifyFailure', () => {
  it('follows the kind the connector decided', () => {
    expect(classifyFailure(HrisFailure.retryable('SIRH answered 503', { httpStatus: 503 }))).toEqual({
      kind: 'retryable',
      reason: 'SIRH answered 503',
    });
    expect(classifyFailure(HrisFailure.permanent('SIRH answered 422', { httpStatus: 422 }))).toEqual({
      kind: 'permanent',
      reason: 'SIRH answered 422',
    });
  });

  it('waits as long as the connector said on a rate limit', () => {
    expect(classifyFailure(HrisFailure.rateLimited('SIRH answered 429', 7000, { httpStatus: 429 }))).toEqual({
      kind: 'rate_limited',
      reason: 'SIRH answered 429',
      waitMs: 7000,
    });
  });

  it('does not read the HTTP status: a 5xx the connector calls permanent stays permanent', () => {
    expect(classifyFailure(HrisFailure.permanent('bad contract', { httpStatus: 500 })).kind).toBe('permanent');
  });

  it('fails invalid hire data permanently', () => {
    expect(classifyFailure(new InvalidHireDataError(['data.candidate.firstname'])).kind).toBe('permanent');
  });

  it('retries unexpected errors (our own database blinking must not lose a hire)', () => {
    expect(classifyFailure(new Error('Connection terminated unexpectedly')).kind).toBe('retryable');
  });
});
