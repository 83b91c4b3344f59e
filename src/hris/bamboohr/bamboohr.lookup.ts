import { HrisFailure } from '../hris-failure';
import type { HrisAnswer } from '../hris-http';
import type { BambooHrClient } from './bamboohr.client';
import { bambooHrFailure } from './bamboohr.failure';
import { sameEmail } from './bamboohr.payload';

export interface FoundBambooHrEmployee {
  id: string;
  firstName: string | null;
  lastName: string | null;
  /** `Active`/`Inactive` when the method tells it (the employee list), else null. */
  status: string | null;
}

/**
 * BambooHR has no email filter on its employee list, so a person is found by reading a list and
 * matching `workEmail` here. The directory is one call; an account may not share it (403), and then
 * the employee list is paged instead. The order is decided here only.
 */
export type BambooHrLookupMethod = 'directory' | 'employeeList';
export const LOOKUP_METHODS: readonly BambooHrLookupMethod[] = ['directory', 'employeeList'];
/**
 * After a 409 the person may be a former employee, whom the directory (active employees only) never
 * shows: the employee list, which has every status, goes first.
 */
export const CONFLICT_LOOKUP_METHODS: readonly BambooHrLookupMethod[] = ['employeeList', 'directory'];

/** Bounds the paging of the employee list (100 a page): 20,000 employees, far beyond BambooHR's SME accounts. */
export const MAX_EMPLOYEE_PAGES = 200;

/** A method this key may not use (403), with the refusal, so the next method is tried. */
interface Unavailable {
  refused: HrisAnswer;
}

export async function findByWorkEmail(
  client: BambooHrClient,
  email: string,
  methods: readonly BambooHrLookupMethod[] = LOOKUP_METHODS,
): Promise<FoundBambooHrEmployee | null> {
  let refused: HrisAnswer | null = null;
  for (const method of methods) {
    const result = method === 'directory' ? await searchDirectory(client, email) : await searchEmployeeList(client, email);
    if (result === null || !('refused' in result)) return result;
    refused = result.refused;
  }
  throw bambooHrFailure('Looking the employee up (every look-up method was refused)', refused!);
}

async function searchDirectory(client: BambooHrClient, email: string): Promise<FoundBambooHrEmployee | Unavailable | null> {
  const res = await client.directory();
  // 403: the directory is not shared company-wide for this key; 404: the directory is empty.
  if (res.status === 403) return { refused: res };
  if (res.status === 404) return null;
  if (res.status !== 200) throw bambooHrFailure('Reading the employee directory', res);
  const employees = (res.body as { employees?: unknown } | null)?.employees;
  if (!Array.isArray(employees)) throw unreadable('the employee directory', res);
  const match = (employees as Array<Record<string, unknown>>).find((e) => sameEmail(e.workEmail, email));
  return match ? found(match.id, match.firstName, match.lastName, null) : null;
}

async function searchEmployeeList(client: BambooHrClient, email: string): Promise<FoundBambooHrEmployee | Unavailable | null> {
  let after: string | null = null;
  for (let page = 0; page < MAX_EMPLOYEE_PAGES; page++) {
    const res = await client.listEmployees(after);
    if (res.status === 403) return { refused: res };
    if (res.status !== 200) throw bambooHrFailure('Listing employees', res);
    const body = res.body as { data?: unknown; meta?: { page?: { nextCursor?: unknown } } } | null;
    if (!Array.isArray(body?.data)) throw unreadable('the employee list', res);
    const match = (body.data as Array<Record<string, unknown>>).find((e) => sameEmail(e.workEmail, email));
    if (match) return found(match.employeeId, match.firstName, match.lastName, match.status);
    const next = body.meta?.page?.nextCursor;
    if (typeof next !== 'string' || next === '') return null;
    after = next;
  }
  throw HrisFailure.permanent(`BambooHR's employee list has more than ${MAX_EMPLOYEE_PAGES} pages; the employee was not looked up in full`);
}

function found(id: unknown, firstName: unknown, lastName: unknown, status: unknown): FoundBambooHrEmployee {
  if (typeof id !== 'string' && typeof id !== 'number') throw HrisFailure.retryable('BambooHR listed an employee without an id');
  return {
    id: String(id),
    firstName: typeof firstName === 'string' ? firstName : null,
    lastName: typeof lastName === 'string' ? lastName : null,
    status: typeof status === 'string' ? status : null,
  };
}

function unreadable(what: string, res: HrisAnswer): HrisFailure {
  return HrisFailure.retryable(`BambooHR answered ${what} without the expected JSON`, { httpStatus: res.status });
}
