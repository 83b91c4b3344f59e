import type { EmployeeRecord } from '../../employees/employee-record';
import type { HrisFieldError } from '../hris-failure';

/** Body of `POST /companies/{companyId}/collaborators` (all three fields required by PayFit). */
export interface PayfitCollaboratorPayload {
  firstName: string;
  lastName: string;
  /**
   * PayFit requires a personal email and has no work email at creation. The candidate's email is the
   * one address we have, and the one the candidate gave as their own: it is sent here, and PayFit's
   * own advice is to match collaborators on the personal email.
   */
  personalEmail: string;
}

/** Body of `POST /companies/{companyId}/collaborators/{collaboratorId}/contracts` (French companies). */
export interface PayfitContractPayload {
  jobTitle: string;
  /** YYYY-MM-DD. */
  startDate: string;
}

export interface PayfitPayloads {
  collaborator: PayfitCollaboratorPayload;
  contract: PayfitContractPayload;
}

/**
 * The two PayFit bodies of one hire, or the record's fields PayFit requires and we do not have
 * (checked before any call: a collaborator without its contract is invisible in PayFit).
 */
export function toPayfitPayloads(record: EmployeeRecord): PayfitPayloads | { missing: HrisFieldError[] } {
  const missing: HrisFieldError[] = [];
  const email = record.email?.trim() || null;
  const jobTitle = record.jobTitle?.trim() || null;
  if (!email) missing.push({ field: 'email', message: 'PayFit requires a personal email (personalEmail); the candidate has none' });
  if (!jobTitle) missing.push({ field: 'jobTitle', message: 'PayFit requires a job title for the contract (jobTitle)' });
  if (!record.startDate) missing.push({ field: 'startDate', message: 'PayFit requires a contract start date (startDate)' });
  if (!email || !jobTitle || !record.startDate) return { missing };
  return {
    collaborator: { firstName: record.firstName.trim(), lastName: record.lastName.trim(), personalEmail: email },
    contract: { jobTitle, startDate: record.startDate },
  };
}
