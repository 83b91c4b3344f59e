import { Injectable } from '@nestjs/common';
import type { EmployeeRecord } from '../../employees/employee-record';
import { ConnectionCheck, HrisConnector, PushOptions, PushOutcome } from '../hris-connector';
import { HrisFailure, HrisFieldError } from '../hris-failure';
import { failureForHttpAnswer } from '../http-answer-failure';
import { GenericSirhClient, SirhResponse, excerpt } from './generic-sirh.client';
import { toGenericSirhPayload } from './generic-sirh.payload';

/** The generic SIRH REST contract: docs/sirh-contract.md (requests, answers and what each one leads to). */
@Injectable()
export class GenericSirhConnector extends HrisConnector {
  readonly system = 'generic-sirh';

  constructor(private readonly client: GenericSirhClient) {
    super();
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const res = await this.client.createEmployee(toGenericSirhPayload(record), options.idempotencyKey, options.correlationId);
    if (res.status === 201 || res.status === 200) {
      return {
        kind: res.status === 201 ? 'created' : 'existing',
        hrisId: requireId(res),
        httpStatus: res.status,
        responseExcerpt: excerpt(res.text),
      };
    }
    if (res.status === 409) {
      // Someone with this email already exists: link to them instead of creating a second employee.
      const id = idOf(res) ?? (await this.lookUp(record));
      return { kind: 'linked', hrisId: id, httpStatus: 409, responseExcerpt: excerpt(res.text) };
    }
    throw failureOf(`SIRH answered ${res.status}${errorText(res)}`, res);
  }

  /** A look-up of an external id no hire has: proves the URL and the key without touching anyone. */
  async testConnection(): Promise<ConnectionCheck> {
    let res: SirhResponse;
    try {
      res = await this.client.findEmployees({ externalId: 'hirebridge:connection-test' });
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
    if (res.status === 200) return { ok: true, detail: 'SIRH answered the employee look-up (200)' };
    if (res.status === 401 || res.status === 403) return { ok: false, detail: `SIRH refused the API key (${res.status})` };
    return { ok: false, detail: `SIRH answered the employee look-up with ${res.status}${errorText(res)}` };
  }

  private async lookUp(record: EmployeeRecord): Promise<string> {
    const queries = [{ externalId: record.externalId }, ...(record.email ? [{ email: record.email }] : [])];
    for (const query of queries) {
      const res = await this.client.findEmployees(query);
      if (res.status !== 200) throw failureOf(`SIRH lookup answered ${res.status}${errorText(res)}`, res);
      const first = Array.isArray(res.body) ? res.body.map((item) => idIn(item, res.status)).find((id) => id !== null) : undefined;
      if (first) return first;
    }
    // The SIRH says the employee exists yet cannot find them; retrying will not change that.
    throw HrisFailure.permanent('SIRH answered 409 (employee exists) but no employee was found by externalId or email', {
      httpStatus: 409,
    });
  }
}

/** Longest HRIS id stored; a longer one is no id any HRIS issues, and would bloat every row and page. */
export const MAX_HRIS_ID_LENGTH = 255;

function idOf(res: SirhResponse): string | null {
  return idIn(res.body, res.status);
}

function idIn(body: unknown, httpStatus: number): string | null {
  const raw = (body as { id?: unknown } | null)?.id;
  const id = typeof raw === 'string' && raw.length > 0 ? raw : typeof raw === 'number' ? String(raw) : null;
  if (id !== null && id.length > MAX_HRIS_ID_LENGTH) {
    // The same SIRH will give the same id again: no retry can fix it.
    throw HrisFailure.permanent(`SIRH answered an employee id of ${id.length} characters (at most ${MAX_HRIS_ID_LENGTH} are accepted)`, {
      httpStatus,
      responseExcerpt: `${id.slice(0, 100)}…`,
    });
  }
  return id;
}

function requireId(res: SirhResponse): string {
  const id = idOf(res);
  if (id === null) {
    // A success without an id cannot be linked later: a SIRH fault, retried.
    throw HrisFailure.retryable(`SIRH answered ${res.status} without an employee id`, {
      httpStatus: res.status,
      responseExcerpt: excerpt(res.text),
    });
  }
  return id;
}

/** The contract's error answers follow HTTP; a 422 lists the refused fields in `details`. */
function failureOf(message: string, res: SirhResponse): HrisFailure {
  return failureForHttpAnswer(message, {
    status: res.status,
    retryAfter: res.retryAfter,
    responseExcerpt: excerpt(res.text),
    fieldErrors: fieldErrorsOf(res.body),
  });
}

function fieldErrorsOf(body: unknown): HrisFieldError[] | undefined {
  const details = (body as { details?: unknown } | null)?.details;
  if (!Array.isArray(details)) return undefined;
  const errors = details.filter((d): d is HrisFieldError => typeof d?.field === 'string' && typeof d?.message === 'string');
  return errors.length > 0 ? errors.map(({ field, message }) => ({ field, message })) : undefined;
}

function errorText(res: SirhResponse): string {
  const error = (res.body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? `: ${error}` : '';
}
