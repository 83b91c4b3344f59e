import { randomInt } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readBody } from '../../mock-sirh/http-io';

/**
 * A HiBob double that behaves as HiBob documents: Basic auth with a service user's id and token,
 * `POST /v1/people` (email, firstName, surname <= 50, work.site among the company's sites,
 * work.startDate) answering the employee with its id, a duplicate email refused with 400, errors as a
 * `{key, error}` pair, `POST /v1/people/search` with filters, 429 when throttled, and reads that lag
 * writes: a person created less than `lagMs` ago is not returned by the search yet.
 */
export interface HiBobMockOptions {
  host?: string;
  port?: number;
  serviceUserId?: string;
  token?: string;
  sites?: string[];
  /** How long a new person stays invisible to reads (HiBob: up to 20 s). */
  lagMs?: number;
}

export interface HiBobMockPerson {
  id: string;
  firstName: string;
  surname: string;
  email: string;
  work: Record<string, unknown>;
  home: Record<string, unknown>;
  /** `Date.now()` when stored: reads show the person from `createdAt + lagMs`. */
  createdAt: number;
  active: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

interface Fault {
  on: 'create' | 'any';
  kind: 'status' | 'throttle' | 'dropAfterStore';
  status: number;
  retryAfter?: string | null;
}

export interface RunningHiBobMock {
  url: string;
  serviceUserId: string;
  token: string;
  lagMs: number;
  requests: RecordedRequest[];
  people: HiBobMockPerson[];
  failNext(count: number, status?: number, on?: Fault['on']): void;
  /** The next `count` requests answer 429, with `Retry-After` when given. */
  throttleNext(count: number, retryAfterSeconds?: number | null): void;
  /** The next `count` creates store the person, then drop the connection without an answer. */
  dropNextCreatesAfterStore(count: number): void;
  /** A person HR entered long ago (visible at once). */
  seed(person: Partial<HiBobMockPerson> & { firstName: string; surname: string; email: string }): HiBobMockPerson;
  close(): Promise<void>;
}

export const MAX_SURNAME_LENGTH = 50;

export async function startHiBobMock(options: HiBobMockOptions = {}): Promise<RunningHiBobMock> {
  const serviceUserId = options.serviceUserId ?? 'SERVICE-USER-1';
  const token = options.token ?? 'hibob-dev-token';
  const sites = options.sites ?? ['Paris', 'London'];
  const lagMs = options.lagMs ?? 20_000;
  const requests: RecordedRequest[] = [];
  const people: HiBobMockPerson[] = [];
  const faults: Fault[] = [];

  const seed: RunningHiBobMock['seed'] = (p) => {
    const person: HiBobMockPerson = {
      id: p.id ?? String(randomInt(1_000_000_000, 9_999_999_999)),
      firstName: p.firstName,
      surname: p.surname,
      email: p.email,
      work: p.work ?? {},
      home: p.home ?? {},
      createdAt: p.createdAt ?? 0,
      active: p.active ?? true,
    };
    people.push(person);
    return person;
  };
  const visible = (p: HiBobMockPerson) => Date.now() - p.createdAt >= lagMs;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    const { text } = await readBody(req, 1024 * 1024);
    let body: unknown = null;
    let badJson = false;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        badJson = true;
      }
    }
    requests.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, body });

    if (!authorized(req.headers.authorization, serviceUserId, token))
      return error(res, 401, 'unauthorized', 'Invalid service user credentials');
    const isCreate = req.method === 'POST' && url.pathname === '/v1/people';
    const index = faults.findIndex((f) => f.on === 'any' || isCreate);
    const fault = index < 0 ? null : faults.splice(index, 1)[0];
    if (fault?.kind === 'status') return error(res, fault.status, 'internal', `Simulated error ${fault.status}`);
    if (fault?.kind === 'throttle') {
      return error(res, 429, 'rate_limit', 'Too many requests', {
        'X-RateLimit-Limit': '50',
        'X-RateLimit-Remaining': '0',
        ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}),
      });
    }
    if (badJson) return error(res, 400, 'body', 'Malformed JSON');

    if (isCreate) {
      const p = (body ?? {}) as Record<string, unknown>;
      const work = (typeof p.work === 'object' && p.work !== null ? p.work : {}) as Record<string, unknown>;
      const problem = validate(p, work, sites);
      if (problem) return error(res, 400, problem.key, problem.error);
      const email = String(p.email);
      if (people.some((x) => x.email.toLowerCase() === email.toLowerCase())) {
        return error(res, 400, 'email', `Employee with email ${email} already exists`);
      }
      const person = seed({
        firstName: String(p.firstName),
        surname: String(p.surname),
        email,
        work,
        home: (typeof p.home === 'object' && p.home !== null ? p.home : {}) as Record<string, unknown>,
        createdAt: Date.now(),
      });
      if (fault?.kind === 'dropAfterStore') {
        req.socket.destroy();
        return;
      }
      return json(res, 200, view(person));
    }

    if (req.method === 'POST' && url.pathname === '/v1/people/search') {
      const q = (body ?? {}) as { filters?: Array<{ fieldPath?: string; operator?: string; values?: unknown[] }>; showInactive?: boolean };
      let found = people.filter((p) => visible(p) && (q.showInactive || p.active));
      for (const f of q.filters ?? []) {
        if (f.fieldPath !== 'root.email' && f.fieldPath !== 'root.id')
          return error(res, 400, 'filters', `Unsupported filter field ${String(f.fieldPath)}`);
        if (f.operator !== 'equals') return error(res, 400, 'filters', `Unsupported operator ${String(f.operator)}`);
        const values = (f.values ?? []).map(String);
        found = found.filter((p) => values.includes(f.fieldPath === 'root.id' ? p.id : p.email));
      }
      return json(res, 200, { employees: found.map(view) });
    }

    if (req.method === 'GET' && url.pathname === '/v1/company/named-lists/site') {
      return json(res, 200, {
        name: 'site',
        values: sites.map((name, i) => ({ id: 1000 + i, value: name, name, archived: false, children: [] })),
      });
    }

    return error(res, 404, 'not_found', 'Not found');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) error(res, 500, 'internal', 'mock failure');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;

  return {
    url,
    serviceUserId,
    token,
    lagMs,
    requests,
    people,
    failNext(count, status = 500, on = 'any') {
      for (let i = 0; i < count; i++) faults.push({ on, kind: 'status', status });
    },
    throttleNext(count, retryAfterSeconds = null) {
      for (let i = 0; i < count; i++)
        faults.push({
          on: 'any',
          kind: 'throttle',
          status: 429,
          retryAfter: retryAfterSeconds === null ? null : String(retryAfterSeconds),
        });
    },
    dropNextCreatesAfterStore(count) {
      for (let i = 0; i < count; i++) faults.push({ on: 'create', kind: 'dropAfterStore', status: 0 });
    },
    seed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The first refused field, as HiBob names it. */
function validate(p: Record<string, unknown>, work: Record<string, unknown>, sites: string[]): { key: string; error: string } | null {
  for (const field of ['firstName', 'surname', 'email']) {
    if (typeof p[field] !== 'string' || (p[field] as string).trim() === '') return { key: field, error: `${field} is required` };
  }
  if ((p.surname as string).length > MAX_SURNAME_LENGTH)
    return { key: 'surname', error: `surname must be at most ${MAX_SURNAME_LENGTH} characters` };
  if (typeof work.site !== 'string') return { key: 'work.site', error: 'work.site is required' };
  if (!sites.includes(work.site)) return { key: 'work.site', error: `work.site: unknown site ${work.site}` };
  if (typeof work.startDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(work.startDate)) {
    return { key: 'work.startDate', error: 'work.startDate is required (YYYY-MM-DD)' };
  }
  return null;
}

function view(p: HiBobMockPerson): Record<string, unknown> {
  return {
    id: p.id,
    firstName: p.firstName,
    surname: p.surname,
    email: p.email,
    displayName: `${p.firstName} ${p.surname}`,
    work: p.work,
    home: p.home,
  };
}

function authorized(header: string | undefined, user: string, token: string): boolean {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  return match !== null && Buffer.from(match[1], 'base64').toString('utf8') === `${user}:${token}`;
}

function error(res: ServerResponse, status: number, key: string, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { key, error: message }, headers);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)), ...headers });
  res.end(payload);
}
