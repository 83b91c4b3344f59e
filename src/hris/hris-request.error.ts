/** A call to an HRIS that did not succeed: either the HRIS answered with an error, or it could not be reached. */
export class HrisRequestError extends Error {
  constructor(
    message: string,
    readonly details: {
      /** HTTP status when the HRIS answered; null for time-outs and network errors. */
      httpStatus: number | null;
      responseExcerpt?: string | null;
      /** Raw `Retry-After` header, when the HRIS sent one. */
      retryAfter?: string | null;
      timedOut?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'HrisRequestError';
  }
}
