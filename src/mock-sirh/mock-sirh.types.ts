/**
 * Public types of the mock SIRH. Kept independent of `src/mapping` on purpose: the mock checks what the
 * service sends against the written contract, not against the service's own idea of the record.
 */

/** The canonical employee record as the mock receives it; fields beyond these are kept as sent. */
export interface SirhEmployeeRecord {
  externalId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  contractType: string | null;
  startDate: string | null;
  [field: string]: unknown;
}

/** An employee held by the mock: what the API returns, plus when it was created. */
export type StoredEmployee = SirhEmployeeRecord & { id: string; createdAt: Date };

/** One entry of a 422 body's `details`. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Answer with this status. `body` defaults to `{ error }`; a string body is sent raw as text/plain
 * (like a proxy's HTML error page). `retryAfterSeconds` sets `Retry-After` (meant for 429, allowed on 503).
 */
export interface StatusFault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  retryAfterSeconds?: number;
}
/** Never answer; the socket is only released by `close()` or by the client giving up. */
export interface HangFault {
  hang: true;
}
/** Wait, then handle normally, even if the client has given up meanwhile (the "timed out but created" case). */
export interface DelayFault {
  delayMs: number;
}
/** Reset the connection without answering (the client sees ECONNRESET). */
export interface DestroyFault {
  destroy: true;
}
/**
 * Hold the request until the promise settles, then handle normally (even if the client has given
 * up meanwhile). In-process only: lets a test act while a call is certainly in flight, with no
 * timing to guess.
 */
export interface HoldFault {
  holdUntil: Promise<unknown>;
}
export type Fault = StatusFault | HangFault | DelayFault | DestroyFault | HoldFault;

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON when it parses, else the raw string; undefined when empty or over the size cap. */
  body: unknown;
  receivedAt: Date;
  /** Set when an answer is written; stays undefined for hang and destroy faults. */
  answeredStatus?: number;
  /** The fault applied to this request, if any. */
  fault?: Fault;
}

export interface MockSirhOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  apiKey: string;
  /** One line per request on stdout, e.g. `POST /employees 201 emp_1 flatchr:60:1260`. */
  logRequests?: boolean;
  /** Faults in force from the start (the CLI's `--fault`, `--fault-mode`, `--fail-rate`). */
  faults?: Fault[];
  faultMode?: Fault | null;
  failRate?: number;
  failRateFault?: Fault;
}

export interface MockSirh {
  /** Base URL to use as SIRH_BASE_URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string;
  /** Every request received since start or the last `reset()`, oldest first. */
  readonly requests: RecordedRequest[];
  /** Employees created or seeded, oldest first. */
  employees(): StoredEmployee[];
  /** Scripted answers for the next POST /employees requests, one each, in order. */
  enqueueFaults(...faults: Fault[]): void;
  /** A fault applied to every POST /employees (after queued ones run out) until set to null. */
  setFaultMode(mode: Fault | null): void;
  /** A share (0 to 1) of POST /employees, at random, answered with `fault` (503 by default); 0 turns it off. */
  setFailRate(rate: number, fault?: Fault): void;
  /** Pre-create an employee without validation; missing canonical fields default to null/placeholders. */
  seedEmployee(record: Partial<SirhEmployeeRecord>): StoredEmployee;
  /** Forget requests, employees, idempotency keys and faults; ids restart at emp_1. */
  reset(): void;
  /**
   * Resolves with the POST /employees requests once at least `n` were received (not necessarily answered),
   * counted since start or the last `reset()`. Rejects on timeout (default 5000 ms) or `close()`.
   */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Stops listening and destroys every open socket, hanging ones included. Idempotent. */
  close(): Promise<void>;
}
