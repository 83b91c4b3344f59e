import type { EmployeeRecord } from '../../employees/employee-record';
import { ConnectionCheck, HrisConnector, PushOptions, PushOutcome } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { HrisAnswer, excerpt } from '../hris-http';
import { FactorialEmployee, employeeOf, employeePageOf, factorialFailure, isSuccess } from './factorial.answers';
import { FactorialClient } from './factorial.client';
import { FactorialPlacement, toFactorialEmployeePayload } from './factorial.payload';

/** Progress steps of a Factorial push, recorded before the connector goes on. */
export const FACTORIAL_STEPS = {
  /** Before the create: an unanswered create is then resolved by a look-up, never a second create. */
  createSent: 'createSent',
  /** `{employeeId}`: the employee exists; the push is complete. */
  employeeCreated: 'employeeCreated',
} as const;

/** Pages of a filtered look-up read before giving up (an email filter returns one employee, or none). */
export const MAX_FACTORIAL_LOOKUP_PAGES = 20;

interface Found {
  employee: FactorialEmployee;
  answer: HrisAnswer;
}

/**
 * Factorial (Spain, France): one call creates the employee and their contract
 * (docs/hris/factorial.md). Factorial has no idempotency key: duplicates are prevented by a
 * look-up by email before the create and after a create whose answer was lost.
 */
export class FactorialConnector extends HrisConnector {
  readonly system = 'factorial';

  constructor(
    private readonly client: FactorialClient,
    private readonly placement: FactorialPlacement,
  ) {
    super();
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const { progress } = options;
    const done = progress.steps[FACTORIAL_STEPS.employeeCreated];
    if (done) return { kind: 'existing', hrisId: done.data.employeeId, httpStatus: 200, responseExcerpt: null };
    const payload = toFactorialEmployeePayload(record, this.placement);
    if ('missing' in payload) {
      throw HrisFailure.permanent('Factorial needs an email, which the hire does not have', { fieldErrors: payload.missing });
    }
    const notices = record.jobTitle
      ? [`Factorial takes job titles from its job catalog: set "${record.jobTitle}" on the employee's contract in Factorial.`]
      : [];

    const found = await this.findByEmail(payload.email);
    if (found && progress.steps[FACTORIAL_STEPS.createSent]) {
      // Our earlier create went through though its answer was lost.
      await progress.record(FACTORIAL_STEPS.employeeCreated, { employeeId: found.employee.id });
      return { kind: 'created', hrisId: found.employee.id, httpStatus: found.answer.status, responseExcerpt: excerptOf(found), notices };
    }
    if (found) return linkedOutcome(found, found.answer.status);

    await progress.record(FACTORIAL_STEPS.createSent);
    const answer = await this.client.createWithContract(payload);
    if (!isSuccess(answer)) {
      const failure = factorialFailure('the employee create', answer);
      if (answer.status === 422 && failure.fieldErrors.some((e) => e.field === 'email')) {
        // The email is taken by someone the filtered look-up did not return (a race, or a lag).
        const taken = await this.findByEmail(payload.email);
        if (taken) return linkedOutcome(taken, answer.status);
      }
      throw failure;
    }
    const employee = employeeOf(answer.body);
    if (!employee) {
      // The next attempt's look-up finds the employee Factorial made, if it made one.
      throw HrisFailure.retryable(`Factorial answered ${answer.status} to the employee create without an employee id`, {
        httpStatus: answer.status,
        responseExcerpt: excerpt(answer.text),
      });
    }
    await progress.record(FACTORIAL_STEPS.employeeCreated, { employeeId: employee.id });
    return { kind: 'created', hrisId: employee.id, httpStatus: answer.status, responseExcerpt: excerpt(answer.text), notices };
  }

  /** A one-employee page: proves the key (an admin's) reaches the employee directory. */
  async testConnection(): Promise<ConnectionCheck> {
    let answer: HrisAnswer;
    try {
      answer = await this.client.listEmployees({ limit: 1, onlyActive: true });
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    if (isSuccess(answer)) return { ok: true, detail: `Factorial answered the employee list (${answer.status})` };
    if (answer.status === 401 || answer.status === 403) return { ok: false, detail: `Factorial refused the API key (${answer.status})` };
    return { ok: false, detail: factorialFailure('the employee list', answer).message };
  }

  /** The employee holding this email: Factorial's filter, each result checked client-side. */
  private async findByEmail(email: string): Promise<Found | null> {
    const wanted = email.trim().toLowerCase();
    let afterId: string | null = null;
    for (let page = 0; page < MAX_FACTORIAL_LOOKUP_PAGES; page++) {
      const answer = await this.client.listEmployees({ email, afterId });
      if (!isSuccess(answer)) throw factorialFailure('the employee look-up', answer);
      const { employees, nextCursor } = employeePageOf(answer.body);
      // An employee shown without emails (a restricted payload) is trusted to match the filter.
      const employee = employees.find((e) => e.emails.length === 0 || e.emails.includes(wanted));
      if (employee) return { employee, answer };
      if (!nextCursor || nextCursor === afterId) return null;
      afterId = nextCursor;
    }
    return null;
  }
}

function linkedOutcome(found: Found, httpStatus: number): PushOutcome {
  return {
    kind: 'linked',
    hrisId: found.employee.id,
    httpStatus,
    responseExcerpt: excerptOf(found),
    foundName: { firstName: found.employee.firstName, lastName: found.employee.lastName },
  };
}

function excerptOf(found: Found): string | null {
  const { id, firstName, lastName } = found.employee;
  return excerpt(JSON.stringify({ id, first_name: firstName, last_name: lastName }));
}
