import { InvalidHireDataError } from '../mapping/invalid-hire-data.error';
import { HrisRequestError } from '../hris/hris-request.error';

export type FailureClass =
  | { kind: 'retryable'; reason: string }
  | { kind: 'rate_limited'; reason: string; waitMs: number }
  | { kind: 'permanent'; reason: string };

/** Used when a 429 comes without a usable Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
/** A hostile or broken Retry-After cannot park a hire for days. */
export const MAX_RATE_LIMIT_WAIT_MS = 60 * 60 * 1000;

/**
 * The one place that decides whether a failed push is worth another attempt:
 * 5xx, 408, time-outs and network errors are retried; 429 waits for Retry-After without using
 * up an attempt; any other 4xx and invalid data fail for good (retrying cannot fix them).
 */
export function classifyFailure(error: unknown, now = Date.now()): FailureClass {
  if (error instanceof InvalidHireDataError) return { kind: 'permanent', reason: error.message };
  if (error instanceof HrisRequestError) {
    const status = error.details.httpStatus;
    if (status === null) return { kind: 'retryable', reason: error.message };
    if (status === 429) {
      return { kind: 'rate_limited', reason: error.message, waitMs: parseRetryAfter(error.details.retryAfter, now) };
    }
    if (status >= 500 || status === 408) return { kind: 'retryable', reason: error.message };
    return { kind: 'permanent', reason: error.message };
  }
  // An unexpected bug or a lost connection to our own database: retrying is the safe side.
  return { kind: 'retryable', reason: error instanceof Error ? error.message : String(error) };
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number {
  if (value === null || value === undefined || value.trim() === '') return DEFAULT_RATE_LIMIT_WAIT_MS;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return DEFAULT_RATE_LIMIT_WAIT_MS;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RATE_LIMIT_WAIT_MS);
}
