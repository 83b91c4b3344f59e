import type { HrisAnswer, HrisHttp } from '../hris-http';
import type { FactorialEmployeePayload } from './factorial.payload';

/** The dated API version every path names; from this version on, every id is a string. */
export const FACTORIAL_API_VERSION = '2026-07-01';
export const FACTORIAL_EMPLOYEES_PATH = `/api/${FACTORIAL_API_VERSION}/resources/employees/employees`;
/** Factorial's largest page. */
export const FACTORIAL_MAX_PAGE_SIZE = 100;

/** HTTP for Factorial's public API with an admin API key (`x-api-key`). */
export class FactorialClient {
  constructor(
    private readonly http: HrisHttp,
    private readonly apiKey: string,
  ) {}

  listEmployees(query: { email?: string; afterId?: string | null; limit?: number; onlyActive?: boolean }): Promise<HrisAnswer> {
    return this.http.request({
      method: 'GET',
      path: FACTORIAL_EMPLOYEES_PATH,
      query: {
        'emails[]': query.email ? [query.email] : undefined,
        // Both flags are required by the API description; leavers count too, their email stays taken.
        only_active: query.onlyActive ?? false,
        only_managers: false,
        limit: query.limit ?? FACTORIAL_MAX_PAGE_SIZE,
        after_id: query.afterId ?? undefined,
      },
      headers: this.auth(),
    });
  }

  createWithContract(payload: FactorialEmployeePayload): Promise<HrisAnswer> {
    return this.http.request({
      method: 'POST',
      path: `${FACTORIAL_EMPLOYEES_PATH}/create_with_contract`,
      json: payload,
      headers: this.auth(),
    });
  }

  private auth(): Record<string, string> {
    return { 'x-api-key': this.apiKey };
  }
}
