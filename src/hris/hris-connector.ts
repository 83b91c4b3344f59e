import type { EmployeeRecord } from '../employees/employee-record';
import type { HrisProvider } from './hris-provider';

/** How the HRIS answered a successful push. */
export interface PushOutcome {
  /** `created`: new employee; `existing`: the HRIS already had this hire; `linked`: matched an employee it had. */
  kind: 'created' | 'existing' | 'linked';
  hrisId: string;
  /** For the attempt's record. */
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
 * One HRIS. Each HRIS gets one implementation in src/hris/<provider>/ (its HTTP client, its
 * mapping of the employee record to its payload, and this connector); the sync worker knows only
 * this interface. A failure is thrown as an `HrisFailure` whose kind the connector decided.
 */
export abstract class HrisConnector {
  abstract readonly system: HrisProvider;
  abstract pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome>;
}
