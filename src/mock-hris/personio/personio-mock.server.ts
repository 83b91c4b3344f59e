import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Answer, readBody, sendAnswer } from '../../mock-sirh/http-io';
import type { PersonioMock, PersonioMockEmployee, PersonioMockOptions, PersonioMockRequest } from './personio-mock.types';
import { listen } from '../../common/listen';

export * from './personio-mock.types';

const MAX_BODY_BYTES = 1024 * 1024;
const AUTH_WINDOW_MS = 60_000;
const AUTH_COOL_DOWN_MS = 60_000;
const EMPLOYEES_PATH = '/v1/company/employees';
const HIRE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const STATUSES = ['onboarding', 'active', 'leave', 'inactive'];

/** Personio's error body (`ErrorResponse` in its OpenAPI). */
function error(status: number, message: string, code = status): Answer {
  return { status, body: { success: false, error: { code, message } } };
}

/**
 * Personio's v1 auth and employee endpoints as its OpenAPI description and developer docs give them:
 * `POST /v1/auth` (body credentials, stable `papi-` token, 60 requests per minute then a 60 s
 * cool-down), `GET /v1/company/employees` (email filter, `attributes[]` projection, `limit` <= 100),
 * `POST /v1/company/employees` (200 `{success, data:{id, message}}`, 422 `{success:false, error}`,
 * unknown department/office/subcompany names ignored with a `meta` error). Plain `node:http`.
 */
export async function startPersonioMock(options: PersonioMockOptions = {}): Promise<PersonioMock> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? 'mock-personio-client';
  const clientSecret = options.clientSecret ?? 'mock-personio-secret';
  const tokenTtlMs = options.tokenTtlMs ?? 86_400_000;
  const authLimit = options.authLimitPerMinute ?? 60;
  const departments = options.departments ?? ['Engineering', 'Sales', 'Customer Support'];
  const offices = options.offices ?? ['Paris', 'Munich'];
  const subcompanies = options.subcompanies ?? ['ACME SAS'];

  const requests: PersonioMockRequest[] = [];
  const people: PersonioMockEmployee[] = [];
  let nextId = 1001;
  for (const seed of options.employees ?? []) people.push(employeeFrom({ ...seed }, nextId++));
  /** token -> expiry (epoch ms) */
  const tokens = new Map<string, number>();
  let authTimes: number[] = [];
  let authCoolDownUntil = 0;
  const faults = { fail: [] as Array<{ status: number; on: 'any' | 'create' }>, rateLimit: [] as Array<number | undefined>, drop: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://personio-mock.invalid');
    let text: string;
    try {
      const read = await readBody(req, MAX_BODY_BYTES);
      if (read.tooLarge) return respond(res, record(req, url, undefined), error(413, 'Payload too large'));
      text = read.text;
    } catch {
      return;
    }
    const body = parseBody(text, req.headers['content-type']);
    const recorded = record(req, url, body);
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    if (route === 'POST /v1/auth') {
      const answer = auth(url, body);
      if (options.authDelayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          respond(res, recorded, answer);
        }, options.authDelayMs);
        timers.add(timer);
      } else respond(res, recorded, answer);
      return;
    }
    if (url.pathname !== EMPLOYEES_PATH || (req.method !== 'GET' && req.method !== 'POST')) {
      return respond(res, recorded, error(404, 'Not found'));
    }
    const refused = checkToken(req.headers.authorization);
    if (refused) return respond(res, recorded, refused);
    const isCreate = req.method === 'POST';
    const fault = takeFault(isCreate);
    if (fault) return respond(res, recorded, fault);
    const token = (req.headers.authorization ?? '').slice('Bearer '.length);
    // Personio hands the (stable) token back on every successful data call.
    const headers = { authorization: `Bearer ${token}` };
    if (!isCreate) return respond(res, recorded, { ...list(url), headers });
    const answer = create(body);
    if (answer.status === 200 && faults.drop > 0) {
      faults.drop -= 1;
      recorded.status = null;
      req.socket.destroy();
      return;
    }
    respond(res, recorded, { ...answer, headers });
  }

  function record(req: IncomingMessage, url: URL, body: unknown): PersonioMockRequest {
    const query: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = String(value);
    const recorded: PersonioMockRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers, body, status: null };
    requests.push(recorded);
    return recorded;
  }

  function respond(res: ServerResponse, recorded: PersonioMockRequest, answer: Answer): void {
    recorded.status = answer.status;
    if (!res.destroyed) sendAnswer(res, answer);
  }

  function auth(url: URL, body: unknown): Answer {
    const now = Date.now();
    authTimes = authTimes.filter((t) => t > now - AUTH_WINDOW_MS);
    if (now < authCoolDownUntil) return error(429, 'Too many requests');
    if (authTimes.length >= authLimit) {
      authCoolDownUntil = now + AUTH_COOL_DOWN_MS;
      return error(429, 'Too many requests');
    }
    authTimes.push(now);
    let id = fieldOf(body, 'client_id');
    let secret = fieldOf(body, 'client_secret');
    const inQuery = url.searchParams.has('client_id') || url.searchParams.has('client_secret');
    if (inQuery) {
      if ((options.queryCredentials ?? 'rejected') === 'rejected') {
        return error(403, 'Credentials in the query string are no longer accepted: send them in the request body');
      }
      id ??= url.searchParams.get('client_id');
      secret ??= url.searchParams.get('client_secret');
    }
    if (!id || !secret) return error(400, 'client_id and client_secret are required');
    if (id !== clientId || secret !== clientSecret) {
      const status = options.wrongCredentialsStatus ?? 401;
      return error(status, 'Wrong credentials');
    }
    // Stable token: the same one for these credentials until it expires.
    let token = [...tokens].find(([, expiresAt]) => expiresAt > now)?.[0];
    if (!token) {
      token = `papi-${randomBytes(24).toString('hex')}`;
      tokens.set(token, now + tokenTtlMs);
    }
    const expiresIn = Math.max(1, Math.round((tokens.get(token)! - now) / 1000));
    return { status: 200, body: { success: true, data: { token, expires_in: expiresIn, scope: 'employees:read employees:write' } } };
  }

  function checkToken(header: string | undefined): Answer | null {
    if (!header || !header.startsWith('Bearer ')) return error(401, 'Authorization is not provided');
    const expiresAt = tokens.get(header.slice('Bearer '.length));
    if (expiresAt === undefined) return error(403, 'Provided authorization is not valid');
    if (expiresAt <= Date.now()) return error(401, 'The provided token has expired');
    return null;
  }

  function takeFault(isCreate: boolean): Answer | null {
    const failing = faults.fail[0];
    if (failing && (failing.on === 'any' || isCreate)) {
      faults.fail.shift();
      return error(failing.status, 'Internal server error');
    }
    if (faults.rateLimit.length > 0) {
      const retryAfter = faults.rateLimit.shift();
      return { ...error(429, 'Too many requests'), headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) } };
    }
    return null;
  }

  function list(url: URL): Answer {
    const limitRaw = url.searchParams.get('limit');
    const offsetRaw = url.searchParams.get('offset');
    const limit = limitRaw === null ? 50 : Number(limitRaw);
    const offset = offsetRaw === null ? 0 : Number(offsetRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, 'The limit must be between 1 and 100');
    if (!Number.isInteger(offset) || offset < 0) return error(400, 'The offset must be 0 or more');
    const email = url.searchParams.get('email');
    const matching = email === null ? people : people.filter((p) => p.email.toLowerCase() === email.toLowerCase());
    const projection = url.searchParams.getAll('attributes[]');
    const page = matching.slice(offset, offset + limit);
    return {
      status: 200,
      body: {
        success: true,
        metadata: {
          total_elements: matching.length,
          current_page: Math.floor(offset / limit),
          total_pages: Math.ceil(matching.length / limit),
        },
        offset,
        limit,
        data: page.map((p) => ({ type: 'Employee', attributes: attributesOf(p, projection) })),
      },
    };
  }

  function create(body: unknown): Answer {
    const input = (body as { employee?: unknown } | null)?.employee;
    if (typeof input !== 'object' || input === null) return error(422, 'The employee field is required.');
    const e = input as Record<string, unknown>;
    for (const [field, label] of [
      ['email', 'email'],
      ['first_name', 'first name'],
      ['last_name', 'last name'],
    ] as const) {
      if (typeof e[field] !== 'string' || (e[field] as string).trim() === '') return error(422, `The ${label} field is required.`);
    }
    const email = (e.email as string).trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return error(422, 'The email must be a valid email address.');
    if (people.some((p) => p.email.toLowerCase() === email.toLowerCase())) return error(422, 'The email has already been taken.');
    if (e.hire_date !== undefined && (typeof e.hire_date !== 'string' || !HIRE_DATE.test(e.hire_date))) {
      return error(422, 'The hire date does not match the format Y-m-d.');
    }
    if (e.status !== undefined && !STATUSES.includes(String(e.status))) return error(422, 'The selected status is invalid.');
    if (e.supervisor_id !== undefined && !people.some((p) => p.id === Number(e.supervisor_id))) {
      return error(422, `Supervisor with ID ${String(e.supervisor_id)} not found`);
    }
    const ignored: Array<{ field: string; description: string }> = [];
    const known = (field: string, value: unknown, names: string[]): string | null => {
      if (typeof value !== 'string' || value.trim() === '') return null;
      if (names.some((n) => n.toLowerCase() === value.trim().toLowerCase())) return value.trim();
      ignored.push({ field, description: `${field[0].toUpperCase()}${field.slice(1)} "${value}" does not exist and was ignored` });
      return null;
    };
    const employee = employeeFrom(
      {
        email,
        first_name: String(e.first_name).trim(),
        last_name: String(e.last_name).trim(),
        position: typeof e.position === 'string' ? e.position : null,
        department: known('department', e.department, departments),
        office: known('office', e.office, offices),
        subcompany: known('subcompany', e.subcompany, subcompanies),
        hire_date: typeof e.hire_date === 'string' ? e.hire_date : null,
        status: typeof e.status === 'string' ? e.status : undefined,
        supervisor_id: e.supervisor_id === undefined ? null : Number(e.supervisor_id),
      },
      nextId++,
    );
    people.push(employee);
    const answer: Record<string, unknown> = { success: true, data: { id: employee.id, message: 'success' } };
    if (ignored.length > 0) {
      answer.meta = (options.metaShape ?? 'strings') === 'strings' ? ignored.map((i) => i.description) : ignored;
    }
    return { status: 200, body: answer };
  }

  const port = await listen(server, options.port ?? 0, host);
  let closing: Promise<void> | null = null;

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`,
    clientId,
    clientSecret,
    requests,
    authCalls: () => requests.filter((r) => r.path === '/v1/auth'),
    createCalls: () => requests.filter((r) => r.method === 'POST' && r.path === EMPLOYEES_PATH),
    employees: () => [...people],
    failNext: (count, status = 503, on = 'any') => {
      for (let i = 0; i < count; i++) faults.fail.push({ status, on });
    },
    rateLimitNext: (count, retryAfterSeconds) => {
      for (let i = 0; i < count; i++) faults.rateLimit.push(retryAfterSeconds);
    },
    dropAfterStoreNext: (count) => {
      faults.drop += count;
    },
    expireTokens: () => {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        timers.clear();
        server.close(() => resolve());
        sockets.forEach((s) => s.destroy());
      });
      return closing;
    },
  };
}

function employeeFrom(
  e: Partial<PersonioMockEmployee> & { email: string; first_name: string; last_name: string },
  id: number,
): PersonioMockEmployee {
  const hire = e.hire_date ?? null;
  const status = e.status ?? (hire !== null && hire > new Date().toISOString().slice(0, 10) ? 'onboarding' : 'active');
  return {
    id,
    email: e.email,
    first_name: e.first_name,
    last_name: e.last_name,
    position: e.position ?? null,
    department: e.department ?? null,
    office: e.office ?? null,
    subcompany: e.subcompany ?? null,
    hire_date: hire,
    status,
    supervisor_id: e.supervisor_id ?? null,
  };
}

/** Personio's attribute shape: `{label, value, type, universal_id}`; `id` always, the rest per `attributes[]` when given. */
function attributesOf(p: PersonioMockEmployee, projection: string[]): Record<string, unknown> {
  const attribute = (label: string, value: unknown, type: string, universalId: string) => ({
    label,
    value,
    type,
    universal_id: universalId,
  });
  const named = (type: string, name: string | null, id: number) => (name === null ? null : { type, attributes: { id, name } });
  const all: Record<string, unknown> = {
    id: attribute('ID', p.id, 'integer', 'id'),
    first_name: attribute('First name', p.first_name, 'standard', 'first_name'),
    last_name: attribute('Last name', p.last_name, 'standard', 'last_name'),
    email: attribute('Email', p.email, 'standard', 'email'),
    status: attribute('Status', p.status, 'standard', 'status'),
    position: attribute('Position', p.position, 'standard', 'position'),
    hire_date: attribute('Hire date', p.hire_date === null ? null : `${p.hire_date}T00:00:00+01:00`, 'date', 'hire_date'),
    department: attribute('Department', named('Department', p.department, 281521), 'standard', 'department'),
    office: attribute('Office', named('Office', p.office, 131014), 'standard', 'office'),
    subcompany: attribute('Subcompany', named('Subcompany', p.subcompany, 7033), 'standard', 'subcompany'),
  };
  if (projection.length === 0) return all;
  return Object.fromEntries(Object.entries(all).filter(([name]) => name === 'id' || projection.includes(name)));
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    // `employee[email]=...` becomes `{employee: {email: ...}}`, as Personio reads its form bodies.
    const out: Record<string, unknown> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      const nested = /^(\w+)\[(\w+)\]$/.exec(name);
      if (nested) ((out[nested[1]] ??= {}) as Record<string, string>)[nested[2]] = value;
      else out[name] = value;
    }
    return out;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function fieldOf(body: unknown, name: string): string | null {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
