import type { EmployeeRecord } from '../../employees/employee-record';

/** The list-field settings a BambooHR connection may set: each value must be an option of that list in the account. */
export interface BambooHrListSettings {
  department: string | null;
  division: string | null;
  location: string | null;
}

/**
 * The body of `POST /api/v1/employees`: flat JSON of BambooHR field names. Only fields we know are
 * sent; an absent value is left out rather than sent empty, so BambooHR keeps its own default.
 */
export interface BambooHrEmployeePayload {
  firstName: string;
  lastName: string;
  workEmail?: string;
  mobilePhone?: string;
  jobTitle?: string;
  hireDate?: string;
  department?: string;
  division?: string;
  location?: string;
}

export function toBambooHrPayload(record: EmployeeRecord, lists: BambooHrListSettings): BambooHrEmployeePayload {
  const payload: BambooHrEmployeePayload = { firstName: record.firstName, lastName: record.lastName };
  if (record.email) payload.workEmail = record.email;
  if (record.phone) payload.mobilePhone = record.phone;
  if (record.jobTitle) payload.jobTitle = record.jobTitle;
  // BambooHR does not require a hire date; without one HR sets it by hand.
  if (record.startDate) payload.hireDate = record.startDate;
  if (lists.department) payload.department = lists.department;
  if (lists.division) payload.division = lists.division;
  if (lists.location) payload.location = lists.location;
  return payload;
}

/**
 * The employee id at the end of a `Location` header: BambooHR documents only that the URL includes
 * the id, so both `/api/v1/employees/123` and a web-app URL ending `?id=123` are read.
 */
export function employeeIdFromLocation(location: string | null): string | null {
  if (!location) return null;
  const match = /(\d+)\/?$/.exec(location.trim());
  return match ? match[1] : null;
}

/** Emails compared as BambooHR users type them: case and surrounding spaces do not matter. */
export function sameEmail(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}
