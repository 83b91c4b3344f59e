import type { EmployeeRecord } from '../../employees/employee-record';
import { ConnectionCheck, HrisConnector, PushOptions, PushOutcome } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { excerpt } from '../hris-http';
import type { BambooHrClient } from './bamboohr.client';
import { bambooHrErrorMessage, bambooHrFailure } from './bamboohr.failure';
import { CONFLICT_LOOKUP_METHODS, FoundBambooHrEmployee, findByWorkEmail } from './bamboohr.lookup';
import { BambooHrListSettings, employeeIdFromLocation, toBambooHrPayload } from './bamboohr.payload';

/** Progress steps this connector records (PushProgress). */
export const CREATE_SENT = 'createSent';
export const EMPLOYEE_CREATED = 'employeeCreated';

/** What HR completes in BambooHR after a push: shown with every created employee. */
export const BAMBOOHR_CREATED_NOTICE =
  "Created in BambooHR with name, work email, mobile phone, job title, hire date and the connection's department/division/location; " +
  'HR completes employment status, compensation, manager and personal data in BambooHR.';

export const FORMER_EMPLOYEE_NOTICE =
  'BambooHR holds this person as a former (Inactive) employee: HR rehires them in BambooHR (new employment status and hire date).';

/**
 * BambooHR: no idempotency key, so a person is looked up by work email before being created, and a
 * 409 (duplicate, or an invalid value: BambooHR's docs disagree) is resolved by the same look-up.
 */
export class BambooHrConnector extends HrisConnector {
  readonly system = 'bamboohr';

  constructor(
    private readonly client: BambooHrClient,
    private readonly lists: BambooHrListSettings,
  ) {
    super();
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const done = options.progress.steps[EMPLOYEE_CREATED]?.data.id;
    if (done) return { kind: 'existing', hrisId: done, httpStatus: 201, responseExcerpt: null };
    if (!record.email && options.progress.steps[CREATE_SENT]) {
      // The earlier create got no answer and, without an email, nothing can tell whether it happened.
      throw HrisFailure.permanent(
        'An earlier create in BambooHR got no answer and this hire has no email to look the employee up: check BambooHR by hand before retrying',
      );
    }
    if (record.email) {
      const existing = await findByWorkEmail(this.client, record.email);
      if (existing) return linked(existing, 200);
    }

    const payload = toBambooHrPayload(record, this.lists);
    await options.progress.record(CREATE_SENT);
    const res = await this.client.createEmployee(payload);
    if (res.status === 201) {
      const id = employeeIdFromLocation(res.headers.get('location'));
      if (!id) {
        // The employee exists but we cannot name them: the next attempt finds them by email.
        throw HrisFailure.retryable('BambooHR answered 201 without an employee id in its Location header', { httpStatus: 201 });
      }
      await options.progress.record(EMPLOYEE_CREATED, { id });
      const notices = [
        BAMBOOHR_CREATED_NOTICE,
        ...(record.startDate ? [] : ['No start date was known: HR sets the hire date in BambooHR.']),
      ];
      return { kind: 'created', hrisId: id, httpStatus: 201, responseExcerpt: excerpt(res.headers.get('location')), notices };
    }
    if (res.status === 409 && record.email) {
      // "Duplicate" in one reading of the docs: someone created them meanwhile. "Invalid value" in the other: not found, for good.
      const existing = await findByWorkEmail(this.client, record.email, CONFLICT_LOOKUP_METHODS);
      if (existing) return linked(existing, 409, bambooHrErrorMessage(res));
    }
    throw bambooHrFailure('Creating the employee', res, Object.keys(payload));
  }

  /** Reads the list fields (cheap, authenticated) and checks the connection's department/division/location exist. */
  async testConnection(): Promise<ConnectionCheck> {
    let res;
    try {
      res = await this.client.listFields();
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    if (res.status !== 200) return { ok: false, detail: bambooHrFailure('Reading the list fields', res).message };
    const missing = missingListValues(res.body, this.lists);
    if (missing.length > 0) return { ok: false, detail: `BambooHR has no ${missing.join(', ')}` };
    const count = Array.isArray(res.body) ? res.body.length : 0;
    return { ok: true, detail: `BambooHR answered with ${count} list fields; the configured list values exist` };
  }
}

function linked(found: FoundBambooHrEmployee, httpStatus: number, detail: string | null = null): PushOutcome {
  return {
    kind: 'linked',
    hrisId: found.id,
    httpStatus,
    responseExcerpt: excerpt(detail),
    foundName: { firstName: found.firstName, lastName: found.lastName },
    ...(found.status === 'Inactive' ? { notices: [FORMER_EMPLOYEE_NOTICE] } : {}),
  };
}

/** The configured list values that are not a current (non-archived) option of their list, as `department "Sales"`. */
export function missingListValues(body: unknown, lists: BambooHrListSettings): string[] {
  const fields = Array.isArray(body) ? (body as Array<{ alias?: unknown; options?: unknown }>) : [];
  const missing: string[] = [];
  for (const [alias, value] of Object.entries(lists) as Array<[string, string | null]>) {
    if (!value) continue;
    const field = fields.find((f) => f.alias === alias);
    const options = Array.isArray(field?.options) ? (field.options as Array<{ name?: unknown; archived?: unknown }>) : [];
    if (!options.some((o) => o.name === value && o.archived !== 'yes')) missing.push(`${alias} "${value}"`);
  }
  return missing;
}
