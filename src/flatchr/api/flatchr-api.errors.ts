/**
 * - `key-refused`: 401 on an API-key call; the key expired (they last 365 days) or was revoked.
 * - `user-refused`: the write-back user's email/password (or its token) was refused.
 * - `rate-limited`: 429 still after the bounded retries.
 * - `unavailable`: 5xx, time-out or no answer still after the bounded retries.
 * - `rejected`: any other 4xx (retrying cannot fix it).
 * - `bad-answer`: a 2xx whose body is not what the docs describe (or too large to read).
 */
export type FlatchrApiErrorKind = 'key-refused' | 'user-refused' | 'rate-limited' | 'unavailable' | 'rejected' | 'bad-answer';

export interface FlatchrApiErrorDetails {
  status?: number | null;
  /** The start of the answer, to show an operator. */
  excerpt?: string | null;
  /** How long Flatchr asked to wait (429 Retry-After), when it said. */
  retryAfterMs?: number | null;
  cause?: unknown;
}

/** A call to Flatchr's REST API that did not succeed. `retryable`: a later run may succeed. */
export class FlatchrApiError extends Error {
  readonly status: number | null;
  readonly excerpt: string | null;
  readonly retryAfterMs: number | null;

  constructor(
    readonly kind: FlatchrApiErrorKind,
    /** `POST /company/{key}/search/applicants` */
    readonly call: string,
    message: string,
    details: FlatchrApiErrorDetails = {},
  ) {
    super(`${call}: ${message}`, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'FlatchrApiError';
    this.status = details.status ?? null;
    this.excerpt = details.excerpt ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }

  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable';
  }
}

/** Flatchr refused the API key (401): keys expire on their own after 365 days. The connection needs a new key. */
export class FlatchrKeyRefusedError extends FlatchrApiError {
  constructor(call: string, details: FlatchrApiErrorDetails = {}) {
    super(
      'key-refused',
      call,
      'Flatchr refused the API key (expired after its 365 days, or revoked): create a new key in Flatchr',
      details,
    );
    this.name = 'FlatchrKeyRefusedError';
  }
}

/** Flatchr refused the write-back user's login (or the token it gave). */
export class FlatchrUserRefusedError extends FlatchrApiError {
  constructor(call: string, details: FlatchrApiErrorDetails = {}) {
    super('user-refused', call, "Flatchr refused the write-back user's email and password", details);
    this.name = 'FlatchrUserRefusedError';
  }
}
