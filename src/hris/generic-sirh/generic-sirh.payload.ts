import type { EmployeeRecord } from '../../employees/employee-record';

/** The body of POST /employees in the generic SIRH contract (docs/sirh-contract.md). */
export type GenericSirhEmployeePayload = EmployeeRecord;

/** The contract was written from our record, so the payload is the record itself, every field present. */
export function toGenericSirhPayload(record: EmployeeRecord): GenericSirhEmployeePayload {
  return record;
}
