/**
 * What the sync should do after a failed call, decided by the connector that knows its vendor:
 * `retryable` (try again with back-off), `rate_limited` (wait `delayMs`, without using up an
 * attempt), `permanent` (no retry can fix it).
 */
export type HrisFailureKind = 'retryable' | 'rate_limited' | 'permanent';

/** One field the HRIS refused, as it said it: shown to the operator. */
export interface HrisFieldError {
  field: string;
  message: string;
}

export interface HrisFailureDetails {
  /** HTTP status of the answer, for the attempt's record; null for time-outs and network errors. */
  httpStatus?: number | null;
  responseExcerpt?: string | null;
  fieldErrors?: HrisFieldError[];
  /** The HRIS refused our credentials (401/403): the connection itself needs the operator, not this hire. */
  authenticationFailed?: boolean;
  /** The request was sent and no answer came (time-out, reset): the vendor may have acted on it. */
  noAnswer?: boolean;
  /** Nothing was sent (the connection's own request budget was spent): no attempt to record. */
  notSent?: boolean;
  cause?: unknown;
}

/** A call to an HRIS that did not succeed, with the kind of failure its connector decided. */
export class HrisFailure extends Error {
  readonly httpStatus: number | null;
  readonly responseExcerpt: string | null;
  readonly fieldErrors: HrisFieldError[];
  readonly authenticationFailed: boolean;
  readonly noAnswer: boolean;
  readonly notSent: boolean;

  private constructor(
    readonly kind: HrisFailureKind,
    message: string,
    /** How long to wait before the next call; set for `rate_limited` only. */
    readonly delayMs: number | null,
    details: HrisFailureDetails,
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'HrisFailure';
    this.httpStatus = details.httpStatus ?? null;
    this.responseExcerpt = details.responseExcerpt ?? null;
    this.fieldErrors = details.fieldErrors ?? [];
    this.authenticationFailed = details.authenticationFailed ?? false;
    this.noAnswer = details.noAnswer ?? false;
    this.notSent = details.notSent ?? false;
  }

  static retryable(message: string, details: HrisFailureDetails = {}): HrisFailure {
    return new HrisFailure('retryable', message, null, details);
  }

  static rateLimited(message: string, delayMs: number, details: HrisFailureDetails = {}): HrisFailure {
    return new HrisFailure('rate_limited', message, delayMs, details);
  }

  static permanent(message: string, details: HrisFailureDetails = {}): HrisFailure {
    return new HrisFailure('permanent', message, null, details);
  }
}
