/** A person in the mock's company. */
export interface PersonioMockEmployee {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  position: string | null;
  department: string | null;
  office: string | null;
  subcompany: string | null;
  hire_date: string | null;
  status: string;
  supervisor_id: number | null;
}

export interface PersonioMockRequest {
  method: string;
  path: string;
  /** Every value of each query parameter (`attributes[]` repeats). */
  query: Record<string, string[]>;
  headers: Record<string, string>;
  body: unknown;
  /** The answer's status, or null when the connection was dropped. */
  status: number | null;
}

/**
 * How the mock reads the points Personio does not settle, one option each so a test can show every reading.
 * - `queryCredentials`: `rejected` (403, as Personio announces from 2026-12-04, the default) or `accepted` (before).
 * - `wrongCredentialsStatus`: what `/v1/auth` answers to wrong credentials (not in the OpenAPI; 401 by default).
 * - `metaShape`: the create answer's `meta` for ignored names: `strings` (like the update answer's
 *   `meta: string[]`, the default) or `objects` (`{field, description}`, like the error details).
 */
export interface PersonioMockOptions {
  host?: string;
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Life of an issued token; `expires_in` says it in seconds (86,400 documented). */
  tokenTtlMs?: number;
  /** Auth requests accepted per minute before a 60 s cool-down (60 documented). */
  authLimitPerMinute?: number;
  /** Delays every auth answer, so concurrent workers really overlap. */
  authDelayMs?: number;
  queryCredentials?: 'rejected' | 'accepted';
  wrongCredentialsStatus?: 401 | 403;
  metaShape?: 'strings' | 'objects';
  departments?: string[];
  offices?: string[];
  subcompanies?: string[];
  employees?: Array<Partial<PersonioMockEmployee> & { email: string; first_name: string; last_name: string }>;
}

export interface PersonioMock {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Everything received, auth calls included, in order. */
  readonly requests: PersonioMockRequest[];
  authCalls(): PersonioMockRequest[];
  createCalls(): PersonioMockRequest[];
  employees(): PersonioMockEmployee[];
  /** The next `count` calls to the data endpoints (or to the create only) answer `status` (5xx). */
  failNext(count: number, status?: number, on?: 'any' | 'create'): void;
  /** The next `count` calls to the data endpoints answer 429, with `Retry-After` when given. */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  /** The next `count` creates store the employee, then drop the connection without answering. */
  dropAfterStoreNext(count: number): void;
  /** Every token issued so far lapses now (data calls with it get 401). */
  expireTokens(): void;
  close(): Promise<void>;
}
