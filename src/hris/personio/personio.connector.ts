import type { EmployeeRecord } from '../../employees/employee-record';
import { ConnectionCheck, HrisConnector, PushOptions, PushOutcome } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { excerpt } from '../hris-http';
import { createdEmployeeId, foundEmployee, listShowsEmails, metaNotices, totalEmployees } from './personio.answers';
import { PersonioClient } from './personio.client';
import { personioPayloadProblems, PersonioPayloadSettings, toPersonioPayload } from './personio.payload';

/** Progress steps this connector records (see PushProgress). */
export const PERSONIO_STEPS = { createSent: 'createSent', employeeCreated: 'employeeCreated' } as const;

/**
 * Personio (v1 personnel API). A push looks the work email up first: found, the hire is linked (or,
 * when an earlier attempt sent the create, recognised as ours); not found, the employee is created.
 * A create whose answer never came is therefore resolved by the next attempt's look-up, not by a second create.
 */
export class PersonioConnector extends HrisConnector {
  readonly system = 'personio';

  constructor(
    private readonly client: PersonioClient,
    private readonly settings: PersonioPayloadSettings,
  ) {
    super();
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const problems = personioPayloadProblems(record);
    if (problems.length > 0) {
      throw HrisFailure.permanent(`Personio cannot take this hire: ${problems.map((p) => p.message).join('; ')}`, {
        fieldErrors: problems,
      });
    }
    const payload = toPersonioPayload(record, this.settings);

    const lookUp = await this.client.findByEmail(payload.employee.email);
    if (lookUp.status !== 200) throw this.client.failureOf('the employee look-up', lookUp);
    const found = foundEmployee(lookUp.body, payload.employee.email);
    if (found) {
      const ours = options.progress.steps[PERSONIO_STEPS.createSent] !== undefined;
      // Our earlier create reached Personio although its answer was lost: the hire is there, nothing to link.
      if (ours) return { kind: 'existing', hrisId: found.id, httpStatus: lookUp.status, responseExcerpt: excerpt(lookUp.text) };
      return {
        kind: 'linked',
        hrisId: found.id,
        httpStatus: lookUp.status,
        responseExcerpt: excerpt(lookUp.text),
        foundName: { firstName: found.firstName, lastName: found.lastName },
      };
    }

    await options.progress.record(PERSONIO_STEPS.createSent);
    const created = await this.client.createEmployee(payload);
    if (created.status !== 200) throw this.client.failureOf('the employee creation', created);
    const id = createdEmployeeId(created.body);
    if (id === null) {
      // The next attempt's look-up finds the employee if Personio did create it.
      throw HrisFailure.retryable('Personio answered 200 to the employee creation without an employee id', {
        httpStatus: created.status,
        responseExcerpt: excerpt(created.text),
      });
    }
    await options.progress.record(PERSONIO_STEPS.employeeCreated, { id });
    const notices = metaNotices(created.body).map((notice) => `Personio ignored part of the employee: ${notice}`);
    if (!payload.employee.hire_date) notices.push('No hire date was sent: HR sets it in Personio (the status stays as Personio chose it).');
    return {
      kind: 'created',
      hrisId: id,
      httpStatus: created.status,
      responseExcerpt: excerpt(created.text),
      ...(notices.length > 0 ? { notices } : {}),
    };
  }

  /** Authentication (the cached token, or a new one) and one employee read. */
  async testConnection(): Promise<ConnectionCheck> {
    try {
      const answer = await this.client.listOne();
      if (answer.status !== 200) return { ok: false, detail: this.client.failureOf('the employee list', answer).message };
      const total = totalEmployees(answer.body);
      const emails = listShowsEmails(answer.body);
      const read = `Personio answered the employee list${total !== null ? ` (${total} employees)` : ''}`;
      if (emails === false) {
        return { ok: false, detail: `${read}, but these API credentials cannot read the email attribute: look-ups would find no one` };
      }
      return { ok: true, detail: read };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }
}
