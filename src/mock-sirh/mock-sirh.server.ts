import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { EmployeeStore } from './employee-store';
import { FAULTS_PATH, handleFaultControl } from './fault-control.handler';
import { describeFault, FaultQueue } from './fault-queue';
import { Answer, readBody, sendAnswer } from './http-io';
import { Fault, MockSirh, MockSirhOptions, RecordedRequest, SirhEmployeeRecord, StoredEmployee } from './mock-sirh.types';
import { checkBearer, handleContractRequest, MAX_BODY_BYTES } from './sirh-contract.handler';
import { listen } from '../common/listen';

export * from './mock-sirh.types';

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/**
 * Starts the mock SIRH on plain `node:http` (no framework, so it starts instantly in tests and in compose).
 * Faults apply to POST /employees only: that is the call whose failure modes the service must survive.
 */
export async function startMockSirh(opts: MockSirhOptions): Promise<MockSirh> {
  const host = opts.host ?? '127.0.0.1';
  const store = new EmployeeStore();
  const faults = new FaultQueue();
  if (opts.faults) faults.enqueue(opts.faults);
  if (opts.faultMode) faults.setMode(opts.faultMode);
  if (opts.failRate) faults.setFailRate(opts.failRate, opts.failRateFault);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const delayTimers = new Set<NodeJS.Timeout>();
  const waiters = new Set<Waiter>();
  let closing: Promise<void> | null = null;

  const isCreate = (r: { method: string; path: string }) => r.method === 'POST' && r.path === '/employees';
  const createRequests = () => requests.filter(isCreate);

  const server = createServer((req, res) => {
    void onRequest(req, res);
  });
  // Tracked so close() can destroy idle keep-alive and hanging sockets: server.close() alone waits for them.
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Writing to a socket the client already dropped must not crash the mock.
    res.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://mock-sirh.invalid');
    let read;
    try {
      read = await readBody(req, MAX_BODY_BYTES);
    } catch {
      return; // the client went away mid-upload: nothing to answer
    }

    // The control endpoint is not part of the contract: not recorded, never faulted.
    if (url.pathname === FAULTS_PATH) {
      const headers = flattenHeaders(req.headers);
      const method = req.method ?? 'GET';
      const control: RecordedRequest = { method, path: url.pathname, query: {}, headers, body: undefined, receivedAt: new Date() };
      const answer = checkBearer(control.headers, opts.apiKey) ?? handleFaultControl(method, read.text, faults);
      respond(res, control, answer, []);
      return;
    }

    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      body: parseForRecord(read.text),
      receivedAt: new Date(),
    };
    requests.push(recorded);

    const answerNormally = (note?: string) => {
      const answer = handleContractRequest(
        { ...recorded, rawBody: read.text, bodyTooLarge: read.tooLarge },
        { apiKey: opts.apiKey, store },
      );
      respond(res, recorded, answer, [answer.employeeId, note]);
    };

    if (!isCreate(recorded)) {
      answerNormally();
      return;
    }
    const fault = faults.next();
    if (fault) recorded.fault = fault;
    waiters.forEach((w) => w.check());
    if (!fault) {
      answerNormally();
      return;
    }
    applyFault(fault, req, res, recorded, answerNormally);
  }

  function applyFault(
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
    recorded: RecordedRequest,
    answerNormally: (note?: string) => void,
  ): void {
    if ('hang' in fault) {
      log(recorded, 'hang (fault)');
    } else if ('destroy' in fault) {
      log(recorded, 'reset (fault)');
      req.socket.resetAndDestroy();
    } else if ('delayMs' in fault) {
      const timer = setTimeout(() => {
        delayTimers.delete(timer);
        answerNormally(`(after ${describeFault(fault)} fault)`);
      }, fault.delayMs);
      delayTimers.add(timer);
    } else if ('holdUntil' in fault) {
      const answer = () => {
        if (!closing) answerNormally(`(after ${describeFault(fault)} fault)`);
      };
      fault.holdUntil.then(answer, answer);
    } else {
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      const body = fault.body !== undefined ? fault.body : { error: `injected fault: HTTP ${fault.status}` };
      respond(res, recorded, { status: fault.status, body, headers }, ['(fault)']);
    }
  }

  /** `notes` go to the log line after the status, e.g. the employee id. */
  function respond(res: ServerResponse, recorded: RecordedRequest, answer: Answer, notes: (string | undefined)[]) {
    recorded.answeredStatus = answer.status;
    if (!res.destroyed) sendAnswer(res, answer);
    // Compose health checks poll every few seconds; logging them would bury the interesting lines.
    if (recorded.path === '/health' && answer.status === 200) return;
    log(recorded, [String(answer.status), ...notes].filter(Boolean).join(' '));
  }

  function log(recorded: RecordedRequest, outcome: string): void {
    if (!opts.logRequests) return;
    const query = new URLSearchParams(recorded.query).toString();
    const target = recorded.path + (query ? `?${query}` : '');
    const externalId = externalIdOf(recorded.body);
    process.stdout.write(`${recorded.method} ${target} ${outcome}${externalId ? ` ${externalId}` : ''}\n`);
  }

  const port = await listen(server, opts.port ?? 0, host);

  const mock: MockSirh = {
    url: `http://${urlHost(host)}:${port}`,
    get requests() {
      return requests;
    },
    employees: (): StoredEmployee[] => store.all(),
    enqueueFaults: (...list: Fault[]) => faults.enqueue(list),
    setFaultMode: (mode: Fault | null) => faults.setMode(mode),
    setFailRate: (rate: number, fault?: Fault) => faults.setFailRate(rate, fault),
    seedEmployee: (record: Partial<SirhEmployeeRecord>) =>
      store.create({
        externalId: `seed:${store.all().length + 1}`,
        firstName: 'Seeded',
        lastName: 'Employee',
        email: null,
        phone: null,
        contractType: null,
        startDate: null,
        ...record,
      }),
    reset: () => {
      // In place, so arrays handed out earlier by `requests` stay live.
      requests.length = 0;
      store.reset();
      faults.reset();
    },
    waitForRequests: (n: number, timeoutMs = 5000) =>
      new Promise<RecordedRequest[]>((resolve, reject) => {
        if (closing) return reject(new Error('mock SIRH: waitForRequests called after close()'));
        if (createRequests().length >= n) return resolve(createRequests());
        const waiter: Waiter = {
          check: () => {
            if (createRequests().length < n) return;
            done();
            resolve(createRequests());
          },
          fail: (error) => {
            done();
            reject(error);
          },
        };
        const timer = setTimeout(
          () =>
            waiter.fail(
              new Error(
                `mock SIRH: expected at least ${n} POST /employees request(s) within ${timeoutMs} ms, ` + `got ${createRequests().length}`,
              ),
            ),
          timeoutMs,
        );
        const done = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        waiters.add(waiter);
      }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        delayTimers.forEach(clearTimeout);
        delayTimers.clear();
        waiters.forEach((w) => w.fail(new Error('mock SIRH closed while waiting for requests')));
        server.close(() => resolve());
        sockets.forEach((s) => s.destroy());
      });
      return closing;
    },
  };
  return mock;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseForRecord(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function externalIdOf(body: unknown): string | undefined {
  const id = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).externalId : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** A wildcard bind address is not something a client can connect to; IPv6 literals need brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
