import type { EmployeeRecord } from '../employees/employee-record';

/** How the HRIS answered a successful push. */
export interface PushOutcome {
  /** `created`: new employee; `existing`: the HRIS already had this hire; `linked`: matched an employee it had. */
  kind: 'created' | 'existing' | 'linked';
  hrisId: string;
  httpStatus: number;
  responseExcerpt: string | null;
}

export interface PushOptions {
  /** Same for every attempt of one hire, different for different hires. */
  idempotencyKey: string;
  /** Sent along (X-Correlation-Id) so the HRIS's logs can be matched with ours. */
  correlationId?: string;
}

/**
 * One HRIS. Each HRIS gets one implementation (and one HTTP client) behind this token; the sync
 * worker knows only this interface. Failures are thrown as `HrisRequestError`.
 */
export abstract class HrisConnector {
  abstract readonly system: string;
  abstract pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome>;
}
