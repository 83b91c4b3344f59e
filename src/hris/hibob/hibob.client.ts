import { HrisAnswer, HrisHttp } from '../hris-http';
import type { HiBobPersonPayload } from './hibob.payload';

/** Fields a look-up reads: enough to link and to show the name HiBob holds. */
export const SEARCH_FIELDS = ['root.id', 'root.firstName', 'root.surname', 'root.email'] as const;

export interface HiBobCredentials {
  serviceUserId: string;
  token: string;
}

/** HTTP for HiBob: Basic auth with a service user's id and token, JSON both ways. */
export class HiBobClient {
  private readonly authorization: string;

  constructor(
    private readonly http: HrisHttp,
    credentials: HiBobCredentials,
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.serviceUserId}:${credentials.token}`).toString('base64')}`;
  }

  /** How long a call may last before it gives up. */
  get requestTimeoutMs(): number {
    return this.http.options.timeoutMs;
  }

  createPerson(payload: HiBobPersonPayload): Promise<HrisAnswer> {
    return this.http.request({ method: 'POST', path: '/v1/people', json: payload, headers: this.headers() });
  }

  /** People whose work email is `email`, leavers included. */
  searchByEmail(email: string): Promise<HrisAnswer> {
    return this.http.request({
      method: 'POST',
      path: '/v1/people/search',
      json: { fields: SEARCH_FIELDS, filters: [{ fieldPath: 'root.email', operator: 'equals', values: [email] }], showInactive: true },
      headers: this.headers(),
    });
  }

  /** The company's sites (the list `work.site` takes its values from). */
  sites(): Promise<HrisAnswer> {
    return this.http.request({ method: 'GET', path: '/v1/company/named-lists/site', headers: this.headers() });
  }

  /** No correlation header: the vendor documents none. */
  private headers(): Record<string, string> {
    return { Authorization: this.authorization };
  }
}
