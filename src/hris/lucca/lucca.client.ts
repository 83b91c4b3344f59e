import type { HrisAnswer, HrisHttp } from '../hris-http';
import type { LuccaUserPayload, LuccaWorkContractPayload } from './lucca.payload';

export const LUCCA_USERS_PATH = '/api/v3/users';
export const LUCCA_WORK_CONTRACTS_PATH = '/directory/api/4.0/work-contracts';
export const LUCCA_ARCHETYPES_PATH = '/directory/api/work-contract-archetypes';

/**
 * How the user create treats the work contract: `contract=false`, and the contract is a call of its own.
 * Lucca's `contract=true` makes both in one call, but from the tenant's defaults: the contract's type
 * and establishment cannot be chosen there and would need a PATCH of a contract whose id the answer
 * does not give. Two calls, each recorded as a step, also let a push whose contract failed resume
 * with the contract alone, never a second user.
 */
export const USER_CREATE_QUERY = { contract: 'false' } as const;

/** Columns read by the look-up: enough to link and to show the name Lucca holds. */
const LOOKUP_FIELDS = 'id,firstName,lastName,mail';

/** The legacy Lucca API (the one that can write users), on one tenant's host, with an application key. */
export class LuccaClient {
  constructor(
    private readonly http: HrisHttp,
    private readonly apiKey: string,
  ) {}

  private headers(correlationId?: string): Record<string, string> {
    return {
      Authorization: `lucca application=${this.apiKey}`,
      ...(correlationId ? { 'X-Correlation-Id': correlationId } : {}),
    };
  }

  /** Exact match on the work email, leavers included: a former employee coming back is the same person. */
  findUsersByMail(mail: string, correlationId?: string): Promise<HrisAnswer> {
    return this.http.request({
      method: 'GET',
      path: LUCCA_USERS_PATH,
      query: { mail, formerEmployees: 'true', fields: LOOKUP_FIELDS },
      headers: this.headers(correlationId),
    });
  }

  createUser(payload: LuccaUserPayload, correlationId?: string): Promise<HrisAnswer> {
    return this.http.request({
      method: 'POST',
      path: LUCCA_USERS_PATH,
      query: USER_CREATE_QUERY,
      json: payload,
      headers: this.headers(correlationId),
    });
  }

  createWorkContract(payload: LuccaWorkContractPayload, correlationId?: string): Promise<HrisAnswer> {
    return this.http.request({ method: 'POST', path: LUCCA_WORK_CONTRACTS_PATH, json: payload, headers: this.headers(correlationId) });
  }

  /** The contracts of one user (directory 4.0 answers `{items, count}`, not wrapped). */
  findWorkContracts(ownerId: string, correlationId?: string): Promise<HrisAnswer> {
    return this.http.request({ method: 'GET', path: LUCCA_WORK_CONTRACTS_PATH, query: { ownerId }, headers: this.headers(correlationId) });
  }

  listArchetypes(): Promise<HrisAnswer> {
    return this.http.request({ method: 'GET', path: LUCCA_ARCHETYPES_PATH, headers: this.headers() });
  }

  /** The cheapest authenticated read: one user id. */
  probe(): Promise<HrisAnswer> {
    return this.http.request({ method: 'GET', path: LUCCA_USERS_PATH, query: { paging: '0,1', fields: 'id' }, headers: this.headers() });
  }
}
