import type { EmployeeRecord } from '../../employees/employee-record';
import type { HrisFieldError } from '../hris-failure';

/** HiBob's limit on `surname`. */
export const MAX_SURNAME_LENGTH = 50;

export interface HiBobPayloadSettings {
  /** `work.site`: an existing site name, required by HiBob. */
  site: string;
  department: string | null;
  /** `work.title` when the hire has no job title. */
  defaultTitle: string | null;
}

/** The body of `POST /v1/people`: root fields, then field ids grouped by category (`work.*`, `home.*`). */
export interface HiBobPersonPayload {
  firstName: string;
  surname: string;
  email: string;
  work: { site: string; startDate: string; title?: string; department?: string };
  home?: { mobilePhone: string };
}

/**
 * The record as HiBob's create takes it, or what keeps it from being sent. A surname over 50
 * characters is refused rather than cut: a legal name silently shortened in the HR record is worse
 * than a hire an operator fixes.
 */
export function toHiBobPayload(
  record: EmployeeRecord,
  settings: HiBobPayloadSettings,
): { payload: HiBobPersonPayload; problems: [] } | { payload: null; problems: HrisFieldError[] } {
  const problems: HrisFieldError[] = [];
  if (!record.email) problems.push({ field: 'email', message: 'HiBob requires a work email; the hire has none' });
  if (!record.startDate) problems.push({ field: 'work.startDate', message: 'HiBob requires a start date; none is known for this hire' });
  if (record.lastName.length > MAX_SURNAME_LENGTH) {
    problems.push({
      field: 'surname',
      message: `HiBob accepts at most ${MAX_SURNAME_LENGTH} characters; this surname has ${record.lastName.length}`,
    });
  }
  if (problems.length > 0) return { payload: null, problems };

  const work: HiBobPersonPayload['work'] = { site: settings.site, startDate: record.startDate! };
  const title = record.jobTitle ?? settings.defaultTitle;
  if (title) work.title = title;
  if (settings.department) work.department = settings.department;
  const payload: HiBobPersonPayload = { firstName: record.firstName, surname: record.lastName, email: record.email!, work };
  if (record.phone) payload.home = { mobilePhone: record.phone };
  return { payload, problems: [] };
}
