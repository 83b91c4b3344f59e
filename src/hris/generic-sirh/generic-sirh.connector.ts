import { Injectable } from '@nestjs/common';
import type { EmployeeRecord } from '../../mapping/employee-record';
import { HrisConnector, PushOptions, PushOutcome } from '../hris-connector';
import { HrisRequestError } from '../hris-request.error';
import { GenericSirhClient, SirhResponse, excerpt } from './generic-sirh.client';

/** The generic SIRH REST contract: see README "The SIRH contract". */
@Injectable()
export class GenericSirhConnector extends HrisConnector {
  readonly system = 'generic-sirh';

  constructor(private readonly client: GenericSirhClient) {
    super();
  }

  async pushEmployee(record: EmployeeRecord, options: PushOptions): Promise<PushOutcome> {
    const res = await this.client.createEmployee(record, options.idempotencyKey, options.correlationId);
    if (res.status === 201 || res.status === 200) {
      return { kind: res.status === 201 ? 'created' : 'existing', hrisId: requireId(res), httpStatus: res.status, responseExcerpt: excerpt(res.text) };
    }
    if (res.status === 409) {
      // Someone with this email already exists: link to them instead of creating a second employee.
      const id = idOf(res.body) ?? (await this.lookUp(record));
      return { kind: 'linked', hrisId: id, httpStatus: 409, responseExcerpt: excerpt(res.text) };
    }
    throw new HrisRequestError(`SIRH answered ${res.status}${errorText(res)}`, {
      httpStatus: res.status,
      responseExcerpt: excerpt(res.text),
      retryAfter: res.retryAfter,
    });
  }

  private async lookUp(record: EmployeeRecord): Promise<string> {
    const queries = [{ externalId: record.externalId }, ...(record.email ? [{ email: record.email }] : [])];
    for (const query of queries) {
      const res = await this.client.findEmployees(query);
      if (res.status !== 200) {
        throw new HrisRequestError(`SIRH lookup answered ${res.status}${errorText(res)}`, {
          httpStatus: res.status,
          responseExcerpt: excerpt(res.text),
          retryAfter: res.retryAfter,
        });
      }
      const first = Array.isArray(res.body) ? res.body.map(idOf).find((id) => id !== null) : undefined;
      if (first) return first;
    }
    // 422: the SIRH says the employee exists yet cannot find them; retrying will not change that.
    throw new HrisRequestError('SIRH answered 409 (employee exists) but no employee was found by externalId or email', {
      httpStatus: 422,
      responseExcerpt: null,
    });
  }
}

/** Longest HRIS id stored; a longer one is no id any HRIS issues, and would bloat every row and page. */
export const MAX_HRIS_ID_LENGTH = 255;

function idOf(body: unknown): string | null {
  const raw = (body as { id?: unknown } | null)?.id;
  const id = typeof raw === 'string' && raw.length > 0 ? raw : typeof raw === 'number' ? String(raw) : null;
  if (id !== null && id.length > MAX_HRIS_ID_LENGTH) {
    // 422: a permanent failure; the same SIRH will give the same id again.
    throw new HrisRequestError(`SIRH answered an employee id of ${id.length} characters (at most ${MAX_HRIS_ID_LENGTH} are accepted)`, {
      httpStatus: 422,
      responseExcerpt: `${id.slice(0, 100)}…`,
    });
  }
  return id;
}

function requireId(res: SirhResponse): string {
  const id = idOf(res.body);
  if (id === null) {
    // A success without an id cannot be linked later: treat as a SIRH fault, retried.
    throw new HrisRequestError(`SIRH answered ${res.status} without an employee id`, {
      httpStatus: 502,
      responseExcerpt: excerpt(res.text),
    });
  }
  return id;
}

function errorText(res: SirhResponse): string {
  const error = (res.body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? `: ${error}` : '';
}
