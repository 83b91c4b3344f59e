import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readBody } from '../../mock-sirh/http-io';

/**
 * A BambooHR double that behaves as BambooHR documents (public OpenAPI + technical overview):
 * Basic auth with the API key as user name, `POST /api/v1/employees` answering 201 with no body and
 * the id at the end of `Location`, errors in `X-BambooHR-Error-Message`, XML unless `Accept` asks for JSON, throttling as 503 with
 * Retry-After, 429 as the employee limit, a directory that may be unshared (403) and lists only
 * active employees, and the cursor-paged employee list.
 */
export interface BambooHrMockOptions {
  host?: string;
  port?: number;
  apiKey?: string;
  /** Options of the list fields, by alias. */
  lists?: Partial<Record<'department' | 'division' | 'location', string[]>>;
  /** Employees the account may hold; a create beyond it answers 429 (no Retry-After). */
  employeeLimit?: number | null;
  /** The account does not share its directory: `GET /employees/directory` answers 403. */
  directoryDisabled?: boolean;
  /** The docs disagree on a duplicate work email: `conflict` answers 409, `accept` creates a second employee. */
  onDuplicateEmail?: 'conflict' | 'accept';
  /** Throttling status: 503 (documented) or 429 (announced from 2026-09-16); both carry Retry-After. */
  throttleStatus?: 503 | 429;
}

export interface BambooHrMockEmployee {
  id: number;
  firstName: string;
  lastName: string;
  workEmail: string | null;
  status: 'Active' | 'Inactive';
  fields: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

interface Fault {
  on: 'create' | 'any';
  kind: 'status' | 'throttle' | 'dropAfterStore';
  status: number;
  retryAfter?: string;
}

export interface RunningBambooHrMock {
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  employees: BambooHrMockEmployee[];
  /** The next `count` requests (or creates) answer `status` (a 5xx by default) with a header message. */
  failNext(count: number, status?: number, on?: Fault['on']): void;
  /** The next `count` requests are throttled: `throttleStatus` with `Retry-After: seconds`. */
  throttleNext(count: number, retryAfterSeconds: number): void;
  /** The next `count` creates store the employee, then drop the connection without an answer. */
  dropNextCreatesAfterStore(count: number): void;
  /** Adds an employee as if HR had entered them. */
  seed(employee: Partial<BambooHrMockEmployee> & { firstName: string; lastName: string }): BambooHrMockEmployee;
  /** Called with each request once recorded, before it is answered (a test changing the account meanwhile). */
  onRequest: ((req: RecordedRequest) => void) | null;
  close(): Promise<void>;
}

/** Fields the mock knows (a few of BambooHR's standard ones); any other field name is refused with 406. */
export const KNOWN_FIELDS = new Set([
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'homeEmail',
  'mobilePhone',
  'workPhone',
  'jobTitle',
  'department',
  'division',
  'location',
  'hireDate',
  'employeeNumber',
]);

const LIST_FIELD_IDS = { department: '4', division: '1355', location: '5' } as const;

export async function startBambooHrMock(options: BambooHrMockOptions = {}): Promise<RunningBambooHrMock> {
  const apiKey = options.apiKey ?? 'bamboohr-dev-key';
  const lists = {
    department: options.lists?.department ?? ['Sales', 'Engineering'],
    division: options.lists?.division ?? ['Europe', 'North America'],
    location: options.lists?.location ?? ['Paris', 'Remote'],
  };
  const throttleStatus = options.throttleStatus ?? 503;
  const requests: RecordedRequest[] = [];
  const employees: BambooHrMockEmployee[] = [];
  const faults: Fault[] = [];
  let nextId = 100;
  let origin = '';

  const seed: RunningBambooHrMock['seed'] = (e) => {
    const employee: BambooHrMockEmployee = {
      id: e.id ?? nextId++,
      firstName: e.firstName,
      lastName: e.lastName,
      workEmail: e.workEmail ?? null,
      status: e.status ?? 'Active',
      fields: e.fields ?? {},
    };
    employees.push(employee);
    return employee;
  };

  function takeFault(isCreate: boolean): Fault | null {
    const index = faults.findIndex((f) => f.on === 'any' || isCreate);
    return index < 0 ? null : faults.splice(index, 1)[0];
  }

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
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    };
    requests.push(recorded);
    running.onRequest?.(recorded);

    if (!authorized(req.headers.authorization, apiKey)) return send(res, 401, 'Invalid API key');
    const isCreate = req.method === 'POST' && url.pathname === '/api/v1/employees';
    const fault = takeFault(isCreate);
    if (fault?.kind === 'status') return send(res, fault.status, `Simulated error ${fault.status}`);
    if (fault?.kind === 'throttle') return send(res, throttleStatus, 'API request limit exceeded', { 'Retry-After': fault.retryAfter! });

    if (isCreate) {
      if (badJson || typeof body !== 'object' || body === null || Array.isArray(body))
        return send(res, 400, 'The request body is not valid JSON');
      const fields = body as Record<string, unknown>;
      const unknown = Object.keys(fields).filter((k) => !KNOWN_FIELDS.has(k));
      if (unknown.length > 0) return send(res, 406, `Unknown field(s): ${unknown.join(', ')}`);
      const missing = ['firstName', 'lastName'].filter((k) => typeof fields[k] !== 'string' || (fields[k] as string).trim() === '');
      if (missing.length > 0) return send(res, 400, `Missing required field(s): ${missing.join(', ')}`);
      if (fields.hireDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(fields.hireDate))) {
        return send(res, 400, `Invalid date for field hireDate: ${String(fields.hireDate)}`);
      }
      for (const alias of Object.keys(lists) as Array<keyof typeof lists>) {
        if (fields[alias] !== undefined && !lists[alias].includes(String(fields[alias]))) {
          return send(res, 409, `Invalid value for field ${alias}: ${String(fields[alias])}`);
        }
      }
      const email = typeof fields.workEmail === 'string' ? fields.workEmail : null;
      if (
        email &&
        (options.onDuplicateEmail ?? 'conflict') === 'conflict' &&
        employees.some((e) => e.workEmail?.toLowerCase() === email.toLowerCase())
      ) {
        return send(res, 409, `Duplicate value for field workEmail: ${email}`);
      }
      if (options.employeeLimit != null && employees.filter((e) => e.status === 'Active').length >= options.employeeLimit) {
        return send(res, 429, 'Employee limit reached: the account cannot add more employees');
      }
      const { firstName, lastName, ...rest } = fields;
      const employee = seed({ firstName: String(firstName), lastName: String(lastName), workEmail: email, fields: rest });
      if (fault?.kind === 'dropAfterStore') {
        req.socket.destroy();
        return;
      }
      res.writeHead(201, { Location: `${origin}/api/v1/employees/${employee.id}`, 'Content-Length': '0' });
      res.end();
      return;
    }

    const wantsJson = /application\/json/i.test(req.headers.accept ?? '') || url.searchParams.get('format') === 'json';
    if (req.method === 'GET' && !wantsJson && (url.pathname === '/api/v1/employees/directory' || url.pathname === '/api/v1/meta/lists')) {
      // BambooHR answers XML unless the Accept header asks for JSON.
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end('<?xml version="1.0"?><directory></directory>');
      return;
    }

    if (req.method === 'GET' && url.pathname === '/api/v1/employees/directory') {
      if (options.directoryDisabled) return send(res, 403, 'The directory is not shared');
      const onlyCurrent = url.searchParams.get('onlyCurrent') !== 'false';
      const today = new Date().toISOString().slice(0, 10);
      const listed = employees.filter((e) => e.status === 'Active' && (!onlyCurrent || !(String(e.fields.hireDate ?? '') > today)));
      if (listed.length === 0) return send(res, 404, 'The directory is empty');
      return sendJson(res, 200, {
        fields: ['displayName', 'firstName', 'lastName', 'jobTitle', 'workEmail', 'department', 'location'].map((id) => ({
          id,
          type: 'text',
          name: id,
        })),
        employees: listed.map((e) => ({
          id: String(e.id),
          displayName: `${e.firstName} ${e.lastName}`,
          firstName: e.firstName,
          lastName: e.lastName,
          jobTitle: e.fields.jobTitle ?? null,
          workEmail: e.workEmail,
          department: e.fields.department ?? null,
          location: e.fields.location ?? null,
          canUploadPhoto: 0,
        })),
      });
    }

    if (req.method === 'GET' && url.pathname === '/api/v1/employees') {
      const limit = Math.min(Number(url.searchParams.get('page[limit]') ?? 100) || 100, 100);
      const after = url.searchParams.get('page[after]');
      const afterId = after ? Number(Buffer.from(after, 'base64').toString('utf8')) : -1;
      const withEmail = (url.searchParams.get('fields') ?? '').split(',').includes('workEmail');
      const sorted = [...employees].sort((a, b) => a.id - b.id).filter((e) => e.id > afterId);
      const page = sorted.slice(0, limit);
      const more = sorted.length > limit;
      return sendJson(res, 200, {
        data: page.map((e) => ({
          employeeId: String(e.id),
          firstName: e.firstName,
          lastName: e.lastName,
          preferredName: null,
          photoUrl: null,
          jobTitleName: e.fields.jobTitle ?? null,
          status: e.status,
          ...(withEmail ? { workEmail: e.workEmail } : {}),
          _restrictedFields: [],
        })),
        meta: {
          total: employees.length,
          page: { limit, nextCursor: more ? Buffer.from(String(page[page.length - 1].id)).toString('base64') : null, prevCursor: null },
        },
      });
    }

    if (req.method === 'GET' && url.pathname === '/api/v1/meta/lists') {
      return sendJson(
        res,
        200,
        (Object.keys(lists) as Array<keyof typeof lists>).map((alias) => ({
          fieldId: LIST_FIELD_IDS[alias],
          alias,
          name: alias[0].toUpperCase() + alias.slice(1),
          manageable: 'yes',
          multiple: 'no',
          options: lists[alias].map((name, i) => ({ id: i + 1, name, archived: 'no', createdDate: null, archivedDate: null })),
        })),
      );
    }

    return send(res, 404, 'Not found');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'mock failure');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  origin = `http://${options.host ?? '127.0.0.1'}:${address.port}`;

  const running: RunningBambooHrMock = {
    url: origin,
    apiKey,
    requests,
    employees,
    failNext(count, status = 500, on = 'any') {
      for (let i = 0; i < count; i++) faults.push({ on, kind: 'status', status });
    },
    throttleNext(count, retryAfterSeconds) {
      for (let i = 0; i < count; i++)
        faults.push({ on: 'any', kind: 'throttle', status: throttleStatus, retryAfter: String(retryAfterSeconds) });
    },
    dropNextCreatesAfterStore(count) {
      for (let i = 0; i < count; i++) faults.push({ on: 'create', kind: 'dropAfterStore', status: 0 });
    },
    seed,
    onRequest: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return running;
}

/** Basic auth: the API key is the user name, the password is anything. */
function authorized(header: string | undefined, apiKey: string): boolean {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return decoded.slice(0, decoded.indexOf(':') < 0 ? undefined : decoded.indexOf(':')) === apiKey;
}

/** BambooHR's error answers: an empty body, the detail in X-BambooHR-Error-Message. */
function send(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'X-BambooHR-Error-Message': message, 'Content-Length': '0', ...headers });
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}
