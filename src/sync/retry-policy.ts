import { HrisFailure } from '../hris/hris-failure';
import { InvalidHireDataError } from '../mapping/invalid-hire-data.error';

export type FailureClass =
  { kind: 'retryable'; reason: string } | { kind: 'rate_limited'; reason: string; waitMs: number } | { kind: 'permanent'; reason: string };

/**
 * The one place that turns a failed run into what the queue does next. The HRIS connector has
 * already decided the kind of its failures (it knows its vendor); invalid hire data fails for
 * good (retrying cannot fix it).
 */
export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof InvalidHireDataError) return { kind: 'permanent', reason: error.message };
  if (error instanceof HrisFailure) {
    if (error.kind === 'rate_limited') return { kind: 'rate_limited', reason: error.message, waitMs: error.delayMs ?? 0 };
    return { kind: error.kind, reason: error.message };
  }
  // An unexpected bug or a lost connection to our own database: retrying is the safe side.
  return { kind: 'retryable', reason: error instanceof Error ? error.message : String(error) };
}
