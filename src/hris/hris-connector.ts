import type { EmployeeRecord } from '../employees/employee-record';
import type { HrisProvider } from './hris-provider';

/** `created`: new employee; `existing`: the HRIS already had this hire; `linked`: matched an employee it had. */
export const PUSH_OUTCOME_KINDS = ['created', 'existing', 'linked'] as const;
export type PushOutcomeKind = (typeof PUSH_OUTCOME_KINDS)[number];

/** How the HRIS answered a successful push. */
export interface PushOutcome {
  kind: PushOutcomeKind;
  hrisId: string;
  /** For the attempt's record. */
  httpStatus: number;
  responseExcerpt: string | null;
  /** For `linked`: the name the HRIS holds for the person found, so a mismatch is shown for review. */
  foundName?: { firstName: string | null; lastName: string | null };
  /** What the operator should know although the push succeeded (a draft contract to finish, a department ignored). */
  notices?: string[];
}

/** One step of a push recorded by an earlier attempt (for this person on this connection). */
export interface PushStep {
  /** ISO time the step was recorded. */
  at: string;
  data: Readonly<Record<string, string>>;
}

/**
 * What earlier attempts completed, kept in Postgres per person and connection, so a push resumes
 * where it stopped (the user exists, only the contract is missing) and a create whose answer never
 * came is resolved by a look-up, never by a second create. The dashboard lists the steps.
 */
export interface PushProgress {
  readonly steps: Readonly<Record<string, PushStep>>;
  /** Persists a step before the connector goes on; `data` holds ids, never personal data beyond them. */
  record(step: string, data?: Record<string, string>): Promise<void>;
}

export interface PushOptions {
  /** Same for every attempt of one hire, different for different hires. */
  idempotencyKey: string;
  /** Sent along (X-Correlation-Id) where the vendor accepts it, so its logs can be matched with ours. */
  correlationId?: string;
  progress: PushProgress;
}

/** Answer of a connection test: a cheap authenticated read on the vendor. */
export interface ConnectionCheck {
  ok: boolean;
  /** One line for the operator: what was read, or why it failed (never a secret). */
  detail: string;
}

/**
 * One HRIS. Each HRIS gets one implementation in src/hris/<provider>/ (its HTTP client, its
 * mapping of the employee record to its payload, and this connector); the sync worker knows only
 * this interface. A failure is thrown as an `HrisFailure` whose kind the connector decided.
 */
export abstract class HrisConnector {
  abstract readonly system: HrisProvider;
  abstract pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome>;
  abstract testConnection(): Promise<ConnectionCheck>;
}

/** Progress for a push that keeps nothing (tests of one call, connection tests). */
export function transientProgress(): PushProgress {
  const steps: Record<string, PushStep> = {};
  return {
    steps,
    record(step, data = {}) {
      steps[step] = { at: new Date().toISOString(), data: { ...data } };
      return Promise.resolve();
    },
  };
}
