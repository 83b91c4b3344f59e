import type { EmployeeRecord } from '../../employees/employee-record';
import type { HrisFieldError } from '../hris-failure';

/** Names the connection's settings give for every hire (Personio matches them by name). */
export interface PersonioPayloadSettings {
  department: string | null;
  office: string | null;
  subcompany: string | null;
  /** Used when the hire has no job title. */
  position: string | null;
}

/** The body of `POST /v1/company/employees` (v1 personnel API): attributes by their Personio names. */
export interface PersonioEmployeePayload {
  employee: {
    email: string;
    first_name: string;
    last_name: string;
    position?: string;
    department?: string;
    office?: string;
    subcompany?: string;
    /** `YYYY-MM-DD`; Personio sets the status from it (past: active, future: onboarding). */
    hire_date?: string;
  };
}

const HIRE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What in the record Personio would refuse, field by field, before anything is sent. */
export function personioPayloadProblems(record: EmployeeRecord): HrisFieldError[] {
  const problems: HrisFieldError[] = [];
  if (!record.email?.trim()) problems.push({ field: 'email', message: 'Personio requires a work email to create an employee' });
  if (!record.firstName?.trim()) problems.push({ field: 'first_name', message: 'Personio requires a first name' });
  if (!record.lastName?.trim()) problems.push({ field: 'last_name', message: 'Personio requires a last name' });
  if (record.startDate !== null && !HIRE_DATE.test(record.startDate)) {
    problems.push({ field: 'hire_date', message: `start date "${record.startDate}" is not YYYY-MM-DD` });
  }
  return problems;
}

/**
 * The record as Personio's employee. Unknown values are left out rather than sent empty, so Personio
 * keeps its own defaults. Call personioPayloadProblems first: the email is required.
 */
export function toPersonioPayload(record: EmployeeRecord, settings: PersonioPayloadSettings): PersonioEmployeePayload {
  const employee: PersonioEmployeePayload['employee'] = {
    email: (record.email ?? '').trim(),
    first_name: record.firstName.trim(),
    last_name: record.lastName.trim(),
  };
  const position = record.jobTitle?.trim() || settings.position;
  if (position) employee.position = position;
  if (settings.department) employee.department = settings.department;
  if (settings.office) employee.office = settings.office;
  if (settings.subcompany) employee.subcompany = settings.subcompany;
  if (record.startDate) employee.hire_date = record.startDate;
  return { employee };
}
