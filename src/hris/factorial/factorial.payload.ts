import type { EmployeeRecord } from '../../employees/employee-record';
import type { HrisFieldError } from '../hris-failure';

/** Where new employees go in the customer's Factorial (connection settings; only companyId required). */
export interface FactorialPlacement {
  companyId: string;
  legalEntityId: string | null;
  locationId: string | null;
  teamId: string | null;
}

/** Body of `POST /api/{version}/resources/employees/employees/create_with_contract`. */
export interface FactorialEmployeePayload {
  company_id: string;
  first_name: string;
  last_name: string;
  email: string;
  /** YYYY-MM-DD, the hiring date. */
  contract_starts_on?: string;
  phone_number?: string;
  legal_entity_id?: string;
  location_id?: string;
  team_id?: string;
}

/**
 * The create body for one hire, or the record's fields Factorial requires and we do not have. Job
 * title, contract type and salary are not sent: Factorial takes a job catalog level and contract
 * versions the tenant defines, which HR sets in Factorial.
 */
export function toFactorialEmployeePayload(
  record: EmployeeRecord,
  placement: FactorialPlacement,
): FactorialEmployeePayload | { missing: HrisFieldError[] } {
  const email = record.email?.trim() || null;
  if (!email) return { missing: [{ field: 'email', message: 'Factorial requires an email (email); the candidate has none' }] };
  const payload: FactorialEmployeePayload = {
    company_id: placement.companyId,
    first_name: record.firstName.trim(),
    last_name: record.lastName.trim(),
    email,
  };
  if (record.startDate) payload.contract_starts_on = record.startDate;
  if (record.phone?.trim()) payload.phone_number = record.phone.trim();
  if (placement.legalEntityId) payload.legal_entity_id = placement.legalEntityId;
  if (placement.locationId) payload.location_id = placement.locationId;
  if (placement.teamId) payload.team_id = placement.teamId;
  return payload;
}
