import { HrisAnswer, HrisHttp } from '../hris-http';
import type { BambooHrEmployeePayload } from './bamboohr.payload';

/**
 * BambooHR documents two URL forms for the same API: `https://{companyDomain}.bamboohr.com/api/v1/...`
 * (current) and `https://api.bamboohr.com/api/gateway.php/{companyDomain}/v1/...` (legacy gateway).
 * This is the one place that chooses; every path and the documented origin come from it.
 */
export type BambooHrPathStyle = 'subdomain' | 'gateway';
export const BAMBOOHR_PATH_STYLE: BambooHrPathStyle = 'subdomain';

export function bambooHrOrigin(companyDomain: string, style: BambooHrPathStyle = BAMBOOHR_PATH_STYLE): string {
  return style === 'gateway' ? 'https://api.bamboohr.com' : `https://${companyDomain}.bamboohr.com`;
}

/** `resource` as in the docs after `/v1/` (`employees`, `employees/directory`, `meta/lists`). */
export function bambooHrPath(resource: string, companyDomain: string | null, style: BambooHrPathStyle = BAMBOOHR_PATH_STYLE): string {
  if (style === 'gateway') {
    if (!companyDomain) throw new Error('the BambooHR gateway path needs settings.companyDomain');
    return `/api/gateway.php/${encodeURIComponent(companyDomain)}/v1/${resource}`;
  }
  return `/api/v1/${resource}`;
}

/** Employees per page of `GET /api/v1/employees` (the documented cursor paging). */
export const EMPLOYEE_PAGE_SIZE = 100;

export interface BambooHrClientOptions {
  apiKey: string;
  companyDomain: string | null;
  pathStyle?: BambooHrPathStyle;
}

/** HTTP for BambooHR: Basic auth with the API key as user name and any password (`x`), JSON both ways. */
export class BambooHrClient {
  private readonly authorization: string;

  constructor(
    private readonly http: HrisHttp,
    private readonly options: BambooHrClientOptions,
  ) {
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:x`).toString('base64')}`;
  }

  createEmployee(payload: BambooHrEmployeePayload): Promise<HrisAnswer> {
    return this.http.request({
      method: 'POST',
      path: this.path('employees'),
      json: payload,
      headers: this.headers(),
    });
  }

  /** The directory, future hires included (`onlyCurrent=false`): a hire whose start date is ahead is still found. */
  directory(): Promise<HrisAnswer> {
    return this.http.request({
      method: 'GET',
      path: this.path('employees/directory'),
      query: { onlyCurrent: false },
      headers: this.headers(),
    });
  }

  /** One page of `GET /api/v1/employees` with `workEmail` added to the default fields. */
  listEmployees(after: string | null): Promise<HrisAnswer> {
    return this.http.request({
      method: 'GET',
      path: this.path('employees'),
      query: { fields: 'workEmail', 'page[limit]': EMPLOYEE_PAGE_SIZE, 'page[after]': after ?? undefined },
      headers: this.headers(),
    });
  }

  /** Every list field with its options (department, division, location...). */
  listFields(): Promise<HrisAnswer> {
    return this.http.request({ method: 'GET', path: this.path('meta/lists'), headers: this.headers() });
  }

  private path(resource: string): string {
    return bambooHrPath(resource, this.options.companyDomain, this.options.pathStyle);
  }

  /** No correlation header: the vendor documents none. */
  private headers(): Record<string, string> {
    return { Authorization: this.authorization };
  }
}
