import type { EmployeeRecord } from './employee-record';

/** What makes one person in `employees` (its unique key): a Flatchr company and candidate. */
export interface EmployeeKey {
  companyId: string;
  candidateId: string;
}

/**
 * The key of the person a mapped record describes, as text like the columns: `idForRecord` turns
 * only canonical digit strings into numbers, so String() gives back exactly the id the mapper read
 * (60 and "60" alike). The webhook stores the same text in deliveries.company_id/candidate_id for
 * every id it accepts; the worker still compares the two before trusting a join on the delivery's.
 */
export function employeeKeyOf(record: EmployeeRecord): EmployeeKey {
  return { companyId: String(record.source.companyId), candidateId: String(record.source.candidateId) };
}
