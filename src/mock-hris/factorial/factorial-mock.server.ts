import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Answer, readBody, sendAnswer } from '../../mock-sirh/http-io';
import { MockFaults, RecordedRequest, WindowLimit, recordedRequest } from '../mock-faults';
import { listen } from '../../common/listen';

export const FACTORIAL_MOCK_VERSION = '2026-07-01';
const EMPLOYEES_PATH = `/api/${FACTORIAL_MOCK_VERSION}/resources/employees/employees`;

/**
 * How a 422 lists the refused fields. Factorial does not document its error body: `map` is the
 * Rails shape `{errors: {field: [messages]}}`, `list` is `{errors: [{field, message}]}`.
 */
export type FactorialValidationShape = 'map' | 'list';

export interface FactorialMockOptions {
  host?: string;
  port?: number;
  apiKey?: string;
  companyId?: string;
  validationShape?: FactorialValidationShape;
  /** Ids answered as numbers, as before version 2026-07-01 (every id is a string from it). */
  numericIds?: boolean;
  /** Factorial publishes no limit; set one to see its 429 with Retry-After. */
  requestsPerMinute?: number | null;
}

export interface FactorialMockEmployee {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  company_id: string;
  active: boolean;
  contract_starts_on: string | null;
  phone_number: string | null;
  legal_entity_id: string | null;
  location_id: string | null;
  team_ids: string[];
}

export interface RunningFactorialMock {
  url: string;
  apiKey: string;
  companyId: string;
  /** The options in force; a test may change `validationShape` and `numericIds` while the mock runs. */
  options: Required<Omit<FactorialMockOptions, 'host' | 'port'>>;
  requests: RecordedRequest[];
  employees: FactorialMockEmployee[];
  faults: MockFaults;
  /** The next `count` requests get 429, with `Retry-After: retryAfter` unless null. */
  throttleNext(count: number, retryAfter?: string | null): void;
  /** The next `count` employee lists answer no match, as when the same person is created between a look-up and a create. */
  missNextLookups(count: number): void;
  addEmployee(seed: Partial<FactorialMockEmployee> & { first_name: string; last_name: string; email: string }): FactorialMockEmployee;
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A Factorial public API double (employees, version 2026-07-01) that behaves as its API description
 * says: `x-api-key`, cursor paging (`limit` <= 100, `after_id`, `meta.has_next_page`), the required
 * list flags, the required create fields, unique emails, string ids.
 */
export async function startFactorialMock(options: FactorialMockOptions = {}): Promise<RunningFactorialMock> {
  const settings = {
    apiKey: options.apiKey ?? 'factorial-mock-key',
    companyId: options.companyId ?? '1',
    validationShape: options.validationShape ?? 'map',
    numericIds: options.numericIds ?? false,
    requestsPerMinute: options.requestsPerMinute ?? null,
  };
  const limiter = settings.requestsPerMinute === null ? null : new WindowLimit(settings.requestsPerMinute, 60);
  const requests: RecordedRequest[] = [];
  const employees: FactorialMockEmployee[] = [];
  const faults = new MockFaults();
  const throttles: Array<string | null> = [];
  let missedLookups = 0;
  let nextId = 1000;

  const addEmployee: RunningFactorialMock['addEmployee'] = (seed) => {
    const employee: FactorialMockEmployee = {
      id: nextId++,
      company_id: settings.companyId,
      active: true,
      contract_starts_on: null,
      phone_number: null,
      legal_entity_id: null,
      location_id: null,
      team_ids: [],
      ...seed,
    };
    employees.push(employee);
    return employee;
  };

  const view = (e: FactorialMockEmployee) => {
    const id = (v: number | string | null) => (v === null ? null : settings.numericIds ? Number(v) : String(v));
    return {
      id: id(e.id),
      first_name: e.first_name,
      last_name: e.last_name,
      full_name: `${e.first_name} ${e.last_name}`,
      email: e.email,
      login_email: e.email,
      company_id: id(e.company_id),
      active: e.active,
      legal_entity_id: id(e.legal_entity_id),
      location_id: id(e.location_id),
      team_ids: e.team_ids.map((t) => id(t)),
      phone_number: e.phone_number,
    };
  };

  const invalid = (errors: Array<{ field: string; message: string }>): Answer => ({
    status: 422,
    body:
      settings.validationShape === 'map'
        ? {
            error: 'Unprocessable Entity',
            errors: errors.reduce<Record<string, string[]>>((map, e) => ({ ...map, [e.field]: [...(map[e.field] ?? []), e.message] }), {}),
          }
        : { error: 'Unprocessable Entity', errors },
  });

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    requests.push(recordedRequest(req, url, text));
    if (req.headers['x-api-key'] !== settings.apiKey) return sendAnswer(res, { status: 401, body: { errors: null } });
    if (throttles.length > 0) {
      const retryAfter = throttles.shift()!;
      return sendAnswer(res, {
        status: 429,
        body: { error: 'Too Many Requests' },
        headers: retryAfter === null ? {} : { 'Retry-After': retryAfter },
      });
    }
    const window = limiter ? await limiter.take() : null;
    if (window && !window.allowed) {
      const seconds = String(Math.max(1, Math.ceil(window.msToReset / 1000)));
      return sendAnswer(res, { status: 429, body: { error: 'Too Many Requests' }, headers: { 'Retry-After': seconds } });
    }
    const serverError = faults.takeServerError();
    if (serverError !== null) return sendAnswer(res, { status: serverError, body: { error: 'Internal Server Error' } });

    if (url.pathname === EMPLOYEES_PATH && req.method === 'GET') return sendAnswer(res, list(url.searchParams));
    if (url.pathname === `${EMPLOYEES_PATH}/create_with_contract` && req.method === 'POST') return create(text, res);
    return sendAnswer(res, { status: 404, body: { error: 'Not Found' } });
  }

  function list(query: URLSearchParams): Answer {
    for (const flag of ['only_active', 'only_managers']) {
      if (!['true', 'false'].includes(query.get(flag) ?? ''))
        return { status: 400, body: { error: `${flag} is missing or not a boolean` } };
    }
    const limit = Number(query.get('limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { status: 400, body: { error: 'limit must be from 1 to 100' } };
    const emails = query.getAll('emails[]').map((e) => e.toLowerCase());
    const onlyActive = query.get('only_active') === 'true';
    const afterId = query.get('after_id');
    const missed = missedLookups > 0;
    if (missed) missedLookups--;
    const matching = (missed ? [] : employees)
      .filter((e) => (emails.length === 0 || emails.includes(e.email.toLowerCase())) && (!onlyActive || e.active))
      .filter((e) => afterId === null || e.id > Number(afterId));
    const page = matching.slice(0, limit);
    const cursor = (e: FactorialMockEmployee | undefined) => (e ? String(e.id) : null);
    return {
      status: 200,
      body: {
        data: page.map(view),
        meta: {
          start_cursor: cursor(page[0]),
          end_cursor: cursor(page[page.length - 1]),
          has_previous_page: afterId !== null,
          has_next_page: matching.length > limit,
          limit,
          total: matching.length,
        },
      },
    };
  }

  function create(text: string, res: ServerResponse): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return sendAnswer(res, { status: 400, body: { error: 'Body must be a JSON object' } });
    }
    const errors: Array<{ field: string; message: string }> = [];
    for (const field of ['company_id', 'first_name', 'last_name', 'email']) {
      const value = body[field];
      if (!((typeof value === 'string' && value.trim() !== '') || typeof value === 'number'))
        errors.push({ field, message: "can't be blank" });
    }
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.push({ field: 'email', message: 'is invalid' });
    if (email && employees.some((e) => e.email.toLowerCase() === email.toLowerCase()))
      errors.push({ field: 'email', message: 'has already been taken' });
    if (body.company_id !== undefined && String(body.company_id) !== settings.companyId)
      errors.push({ field: 'company_id', message: 'is invalid' });
    if (body.contract_starts_on !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.contract_starts_on))) {
      errors.push({ field: 'contract_starts_on', message: 'is not a date' });
    }
    if (errors.length > 0) return sendAnswer(res, invalid(errors));
    const employee = addEmployee({
      first_name: String(body.first_name),
      last_name: String(body.last_name),
      email,
      contract_starts_on: typeof body.contract_starts_on === 'string' ? body.contract_starts_on : null,
      phone_number: typeof body.phone_number === 'string' ? body.phone_number : null,
      legal_entity_id: body.legal_entity_id === undefined ? null : String(body.legal_entity_id),
      location_id: body.location_id === undefined ? null : String(body.location_id),
      team_ids: body.team_id === undefined ? [] : [String(body.team_id)],
    });
    if (faults.takeDrop()) return void res.socket?.destroy();
    sendAnswer(res, { status: 200, body: view(employee) });
  }

  const server: Server = createServer((req, res) => {
    readBody(req, MAX_BODY_BYTES)
      .then(({ text, tooLarge }) =>
        tooLarge ? sendAnswer(res, { status: 413, body: { error: 'Payload Too Large' } }) : handle(req, res, text),
      )
      .catch(() => res.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: `http://${host}:${port}`,
    apiKey: settings.apiKey,
    companyId: settings.companyId,
    options: settings,
    requests,
    employees,
    faults,
    throttleNext(count, retryAfter = '3') {
      for (let i = 0; i < count; i++) throttles.push(retryAfter);
    },
    missNextLookups(count) {
      missedLookups += count;
    },
    addEmployee,
    reset() {
      requests.length = 0;
      employees.length = 0;
      throttles.length = 0;
      missedLookups = 0;
      faults.reset();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
