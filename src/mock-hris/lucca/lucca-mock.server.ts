import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Answer, readBody, sendAnswer } from '../../mock-sirh/http-io';
import type { RunningVendorMock } from '../vendor-mock';
import {
  DEFAULT_ARCHETYPES,
  DuplicateEmailReading,
  LuccaMockArchetype,
  LuccaMockContract,
  LuccaMockUser,
  LuccaTenant,
  problem,
} from './lucca-mock.tenant';
import { listen } from '../../common/listen';

export * from './lucca-mock.tenant';

export interface LuccaMockOptions {
  host?: string;
  port?: number;
  apiKey?: string;
  /** How a create with a taken email is answered (`bad-request`: 400 with an error on `mail`; `conflict`: 409). */
  duplicateEmail?: DuplicateEmailReading;
  /** Lucca's budget per tenant: 50 a minute. */
  requestsPerMinute?: number;
  /** How long a "slow" request runs before the 408 (Lucca aborts at 5 s); tests shorten it. */
  abortAfterMs?: number;
  archetypes?: LuccaMockArchetype[];
  legalEntityIds?: number[];
  departmentIds?: number[];
  establishmentIds?: number[];
  /** Clock of the rate window (tests). */
  now?: () => number;
}

export interface LuccaMockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: unknown;
  status?: number;
}

export interface LuccaMock extends RunningVendorMock {
  apiKey: string;
  requests: LuccaMockRequest[];
  users: LuccaMockUser[];
  contracts: LuccaMockContract[];
  seedUser(user: Partial<LuccaMockUser> & { mail: string }): LuccaMockUser;
  setDuplicateEmail(reading: DuplicateEmailReading): void;
  setRequestsPerMinute(limit: number): void;
  /** The next `count` requests are answered `status` (a 5xx) and change nothing. */
  failNext(count: number, status?: number): void;
  /** The next user create is stored, then the connection is dropped before any answer. */
  dropNextUserCreate(): void;
  /** The next work-contract create is stored, then the connection is dropped before any answer. */
  dropNextContractCreate(): void;
  /** The next `count` work-contract creates are answered `status` and store nothing. */
  failNextContracts(count: number, status?: number): void;
  /** The next `count` requests run past Lucca's 5 s and are answered 408 after `abortAfterMs`. */
  slowNext(count: number): void;
  /** Delay before every answer. */
  setLag(ms: number): void;
  /** Requests to a path (and method). */
  requestsTo(method: string, path: string): LuccaMockRequest[];
}

const WINDOW_MS = 60_000;
const MAX_BODY_BYTES = 256 * 1024;

/** A Lucca tenant on plain node:http: legacy users API, directory work contracts and archetypes, Lucca's limits and faults. */
export async function startLuccaMock(options: LuccaMockOptions = {}): Promise<LuccaMock> {
  const host = options.host ?? '127.0.0.1';
  const apiKey = options.apiKey ?? 'mock-lucca-key';
  const now = options.now ?? Date.now;
  const abortAfterMs = options.abortAfterMs ?? 5000;
  const tenant = new LuccaTenant(
    {
      archetypes: options.archetypes ?? DEFAULT_ARCHETYPES.map((a) => ({ ...a })),
      legalEntityIds: options.legalEntityIds ?? [1],
      departmentIds: options.departmentIds ?? [1, 2],
      establishmentIds: options.establishmentIds ?? [1],
    },
    options.duplicateEmail ?? 'bad-request',
  );
  let requestsPerMinute = options.requestsPerMinute ?? 50;
  let lagMs = 0;
  const failures: number[] = [];
  const contractFailures: number[] = [];
  let slowCount = 0;
  let dropNextCreate = false;
  let dropNextContract = false;
  const admitted: number[] = [];
  const requests: LuccaMockRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Sliding window per tenant: the 429 says when the oldest counted request leaves it. */
  function rateLimited(): Answer | null {
    const at = now();
    while (admitted.length > 0 && admitted[0] <= at - WINDOW_MS) admitted.shift();
    if (admitted.length >= requestsPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((admitted[0] + WINDOW_MS - at) / 1000));
      const answer = problem(429, 'Too Many Requests', `Limit of ${requestsPerMinute} requests per minute reached.`);
      answer.headers = { ...answer.headers, 'Retry-After': String(retryAfter) };
      return answer;
    }
    admitted.push(at);
    return null;
  }

  function route(req: LuccaMockRequest, socket: Socket): Answer | null {
    const key = `${req.method} ${req.path}`;
    switch (key) {
      case 'GET /api/v3/users':
        return tenant.listUsers(req.query);
      case 'POST /api/v3/users': {
        const answer = tenant.createUser(req.body, req.query.get('contract'));
        if (answer.status < 300 && dropNextCreate) {
          dropNextCreate = false;
          socket.destroy();
          return null;
        }
        return answer;
      }
      case 'POST /directory/api/4.0/work-contracts': {
        const status = contractFailures.shift();
        if (status !== undefined) return problem(status, 'Internal Server Error', 'injected fault: work contract not stored');
        const answer = tenant.createContract(req.body);
        if (answer.status < 300 && dropNextContract) {
          dropNextContract = false;
          socket.destroy();
          return null;
        }
        return answer;
      }
      case 'GET /directory/api/4.0/work-contracts':
        return tenant.listContracts(req.query);
      case 'GET /directory/api/work-contract-archetypes':
        return tenant.listArchetypes();
      default:
        return problem(404, 'Not Found', `No route for ${key}.`);
    }
  }

  async function onRequest(httpReq: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const url = new URL(httpReq.url ?? '/', 'http://lucca-mock.invalid');
    let text: string;
    try {
      const read = await readBody(httpReq, MAX_BODY_BYTES);
      if (read.tooLarge) return send(res, null, problem(413, 'Payload Too Large'));
      text = read.text;
    } catch {
      return;
    }
    const req: LuccaMockRequest = {
      method: httpReq.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: httpReq.headers.authorization ?? null,
      body: parseJson(text),
    };
    requests.push(req);
    if (lagMs > 0) await later(lagMs);

    const limited = rateLimited();
    if (limited) return send(res, req, limited);
    const failure = failures.shift();
    if (failure !== undefined) return send(res, req, problem(failure, 'Service Unavailable', 'injected fault'));
    if (slowCount > 0) {
      slowCount--;
      await later(abortAfterMs);
      return send(res, req, problem(408, 'Request Timeout', 'The request took longer than 5 seconds and was aborted.'));
    }
    if (!authorized(req.authorization)) return send(res, req, problem(401, 'Unauthorized', 'Invalid or missing API key.'));
    if (req.body === INVALID_JSON) return send(res, req, problem(400, 'Invalid body', 'The body is not valid JSON.'));
    const answer = route(req, httpReq.socket);
    if (answer) send(res, req, answer);
  }

  function authorized(header: string | null): boolean {
    const match = /^lucca\s+application=(.+)$/i.exec(header?.trim() ?? '');
    return match !== null && match[1] === apiKey;
  }

  function send(res: ServerResponse, req: LuccaMockRequest | null, answer: Answer): void {
    if (req) req.status = answer.status;
    if (!res.destroyed) sendAnswer(res, answer);
  }

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listen(server, options.port ?? 0, host);
  let closing: Promise<void> | null = null;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    apiKey,
    requests,
    users: tenant.users,
    contracts: tenant.contracts,
    seedUser: (user) => tenant.seedUser(user),
    setDuplicateEmail: (reading) => {
      tenant.duplicateEmail = reading;
    },
    setRequestsPerMinute: (limit) => {
      requestsPerMinute = limit;
    },
    failNext: (count, status = 503) => failures.push(...Array<number>(count).fill(status)),
    dropNextUserCreate: () => {
      dropNextCreate = true;
    },
    dropNextContractCreate: () => {
      dropNextContract = true;
    },
    failNextContracts: (count, status = 500) => contractFailures.push(...Array<number>(count).fill(status)),
    slowNext: (count) => {
      slowCount += count;
    },
    setLag: (ms) => {
      lagMs = ms;
    },
    requestsTo: (method, path) => requests.filter((r) => r.method === method && r.path === path),
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

const INVALID_JSON = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID_JSON;
  }
}
