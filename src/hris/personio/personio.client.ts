import { HrisFailure } from '../hris-failure';
import { excerpt, HrisAnswer, HrisHttp, HrisRequest } from '../hris-http';
import { failureForHttpAnswer } from '../http-answer-failure';
import { parseRetryAfter } from '../retry-after';
import { errorMessage, fieldErrorsOfMessage, LOOKUP_ATTRIBUTES } from './personio.answers';
import type { PersonioEmployeePayload } from './personio.payload';
import { HeldToken, IssuedToken, PersonioTokenStore } from './personio.token-store';

/** Personio asks for at least a second after a 429 on its data endpoints. */
export const MIN_RATE_LIMIT_WAIT_MS = 1000;
/** The auth endpoint cools down for 60 s once its 60 requests per minute are spent. */
export const AUTH_COOL_DOWN_MS = 60_000;

export interface PersonioClientOptions {
  http: HrisHttp;
  clientId: string;
  clientSecret: string;
  tokens: PersonioTokenStore;
  /** `X-Personio-Partner-ID` / `X-Personio-App-ID`, when the connection names them. */
  partnerHeaders: Record<string, string>;
}

/**
 * HTTP for Personio's v1 API: a bearer token from `POST /v1/auth`, shared through the token store,
 * and one retry with a new token when Personio answers 401 (its token expired before our copy did).
 */
export class PersonioClient {
  constructor(private readonly options: PersonioClientOptions) {}

  findByEmail(email: string): Promise<HrisAnswer> {
    return this.authorized({
      method: 'GET',
      path: '/v1/company/employees',
      query: { email, limit: 10, offset: 0, 'attributes[]': LOOKUP_ATTRIBUTES },
    });
  }

  /** The cheapest authenticated read: one employee, three attributes. */
  listOne(): Promise<HrisAnswer> {
    return this.authorized({
      method: 'GET',
      path: '/v1/company/employees',
      query: { limit: 1, offset: 0, 'attributes[]': LOOKUP_ATTRIBUTES },
    });
  }

  createEmployee(payload: PersonioEmployeePayload): Promise<HrisAnswer> {
    return this.authorized({ method: 'POST', path: '/v1/company/employees', json: payload });
  }

  /** An answer that is no success, as a failure of the kind Personio's documentation gives it. */
  failureOf(label: string, answer: HrisAnswer): HrisFailure {
    const message = errorMessage(answer.body);
    const text = `Personio answered ${answer.status} to ${label}${message ? `: ${message}` : ''}`;
    const details = { httpStatus: answer.status, responseExcerpt: excerpt(answer.text) };
    if (answer.status === 429) return HrisFailure.rateLimited(text, waitAfter429(answer, MIN_RATE_LIMIT_WAIT_MS), details);
    const fieldErrors = answer.status === 422 ? fieldErrorsOfMessage(message) : undefined;
    return failureForHttpAnswer(text, { status: answer.status, responseExcerpt: details.responseExcerpt, fieldErrors });
  }

  private async authorized(req: HrisRequest): Promise<HrisAnswer> {
    const first = await this.options.tokens.token(() => this.authenticate());
    const answer = await this.send(req, first);
    if (answer.status !== 401) return answer;
    // Personio's token lapsed before our copy did (or was revoked): one new token, one retry.
    const second = await this.options.tokens.token(() => this.authenticate(), first);
    const retried = await this.send(req, second);
    if (retried.status !== 401) return retried;
    const message = errorMessage(retried.body);
    throw HrisFailure.permanent(`Personio refused a freshly issued token (401)${message ? `: ${message}` : ''}`, {
      httpStatus: 401,
      responseExcerpt: excerpt(retried.text),
      authenticationFailed: true,
    });
  }

  private send(req: HrisRequest, token: HeldToken): Promise<HrisAnswer> {
    return this.options.http.request({
      ...req,
      headers: { ...this.options.partnerHeaders, ...req.headers, Authorization: `Bearer ${token.token}` },
    });
  }

  /**
   * `POST /v1/auth`, credentials in the JSON body: Personio refuses them in the query string from
   * 2026-12-04. Outside the connection's budget: that budget paces the data endpoints, while the auth
   * endpoint has a limit of its own (60/min) that the token store keeps far from (one call per
   * credentials per 24 h, one worker at a time, its 429 remembered); counted in the budget, a refresh
   * could be refused for lack of budget while the data call it serves already holds its slot.
   */
  private async authenticate(): Promise<IssuedToken> {
    const answer = await this.options.http.request({
      method: 'POST',
      path: '/v1/auth',
      headers: this.options.partnerHeaders,
      json: { client_id: this.options.clientId, client_secret: this.options.clientSecret },
      outsideBudget: true,
    });
    const message = errorMessage(answer.body);
    const details = { httpStatus: answer.status, responseExcerpt: excerpt(answer.text) };
    if (answer.status === 200) {
      const data = (answer.body as { data?: { token?: unknown; expires_in?: unknown } } | null)?.data;
      if (typeof data?.token === 'string' && data.token !== '') {
        const expiresIn = typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 86_400;
        return { token: data.token, expiresInSeconds: expiresIn };
      }
      // Nothing about the credentials can be concluded from a success without a token: a vendor fault.
      throw HrisFailure.retryable('Personio answered 200 to POST /v1/auth without a token', details);
    }
    if (answer.status === 429) {
      throw HrisFailure.rateLimited(
        'Personio auth endpoint limit reached (60 per minute)',
        waitAfter429(answer, AUTH_COOL_DOWN_MS),
        details,
      );
    }
    if (answer.status >= 500 || answer.status === 408) {
      throw HrisFailure.retryable(`Personio answered ${answer.status} to POST /v1/auth${message ? `: ${message}` : ''}`, details);
    }
    // Any other refusal of the auth call is about the credentials, the only thing it is given.
    throw HrisFailure.permanent(`Personio refused the API credentials (${answer.status})${message ? `: ${message}` : ''}`, {
      ...details,
      authenticationFailed: true,
    });
  }
}

/** Retry-After when given, never less than `atLeastMs`. */
function waitAfter429(answer: HrisAnswer, atLeastMs: number): number {
  const header = answer.headers.get('retry-after');
  return header === null ? atLeastMs : Math.max(atLeastMs, parseRetryAfter(header));
}
