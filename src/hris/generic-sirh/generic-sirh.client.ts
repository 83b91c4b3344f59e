import { HrisFailure } from '../hris-failure';
import { RequestBudget, describeNetworkError, parseJson } from '../hris-http';
import { readCappedBody } from '../read-capped-body';
import type { GenericSirhEmployeePayload } from './generic-sirh.payload';

export interface SirhClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** The connection's request budget, when it has one. */
  budget?: RequestBudget;
}

export interface SirhResponse {
  status: number;
  body: unknown;
  text: string;
  retryAfter: string | null;
}

export { EXCERPT_LIMIT, excerpt } from '../hris-http';

/** HTTP for the generic SIRH contract: Bearer key, JSON, a hard time-out on every call. */
export class GenericSirhClient {
  constructor(private readonly options: SirhClientOptions) {}

  async createEmployee(body: GenericSirhEmployeePayload, idempotencyKey: string, correlationId?: string): Promise<SirhResponse> {
    return this.request('POST', '/employees', {
      body: JSON.stringify(body),
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey,
        ...(correlationId ? { 'X-Correlation-Id': correlationId } : {}),
      },
    });
  }

  async findEmployees(query: { externalId?: string; email?: string }): Promise<SirhResponse> {
    const params = new URLSearchParams();
    if (query.externalId) params.set('externalId', query.externalId);
    if (query.email) params.set('email', query.email);
    return this.request('GET', `/employees?${params.toString()}`, {});
  }

  private async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> }): Promise<SirhResponse> {
    await this.options.budget?.take();
    const url = `${this.options.baseUrl}${path}`;
    let res: Response;
    let text: string;
    // A plain controller and timer rather than AbortSignal.timeout(), which costs a transferable
    // signal per call on Node 20 (measurable on the worker's hot path).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      res = await fetch(url, {
        method,
        body: init.body,
        headers: { Accept: 'application/json', Authorization: `Bearer ${this.options.apiKey}`, ...init.headers },
        signal: controller.signal,
      });
      // The time-out covers the body too: a SIRH that sends headers and then stalls is a time-out.
      text = await readCappedBody(res);
    } catch (err) {
      const timedOut = (err as Error)?.name === 'TimeoutError' || (err as Error)?.name === 'AbortError';
      const reason = timedOut
        ? `SIRH did not answer within ${this.options.timeoutMs} ms`
        : `SIRH unreachable: ${describeNetworkError(err)}`;
      // No answer: the SIRH may be restarting or the network blinking; another attempt may get through.
      throw HrisFailure.retryable(`${method} ${path}: ${reason}`, { httpStatus: null, noAnswer: true, cause: err });
    } finally {
      clearTimeout(timer);
    }
    return { status: res.status, body: parseJson(text), text, retryAfter: res.headers.get('retry-after') };
  }
}
