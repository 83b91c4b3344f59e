import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Answer, readBody, sendAnswer } from '../../mock-sirh/http-io';
import { WindowLimit, MockFaults, RecordedRequest, recordedRequest } from '../mock-faults';
import { listen } from '../../common/listen';

/** Whether the contract create answers the contract's id or a 201 with an empty body (unconfirmed). */
export type PayfitContractAnswer = 'id' | 'empty';
/** What the collaborator list's `email` filter matches: contract (professional) emails only, as reported, or any email. */
export type PayfitEmailFilter = 'contract' | 'any';

export interface PayfitMockOptions {
  host?: string;
  /** 0 for a free port. */
  port?: number;
  apiKey?: string;
  companyId?: string;
  contractAnswer?: PayfitContractAnswer;
  emailFilter?: PayfitEmailFilter;
  /** PayFit's documented limits per application: 50 reads and 20 writes a second. */
  readsPerSecond?: number;
  writesPerSecond?: number;
}

export interface PayfitMockContract {
  id: string;
  jobTitle: string;
  startDate: string;
  status: 'draft' | 'active';
  /** The contract's professional email, which PayFit's email filter matches. */
  email: string | null;
}

export interface PayfitMockCollaborator {
  id: string;
  firstName: string;
  lastName: string;
  personalEmail: string;
  contracts: PayfitMockContract[];
}

export interface RunningPayfitMock {
  url: string;
  apiKey: string;
  companyId: string;
  /** The options in force; a test may change `contractAnswer` and `emailFilter` while the mock runs. */
  options: Required<Omit<PayfitMockOptions, 'host' | 'port'>>;
  requests: RecordedRequest[];
  collaborators: PayfitMockCollaborator[];
  faults: MockFaults;
  /** The next `count` contract creates fail with `status` (the collaborator stays, without contract). */
  failNextContracts(count: number, status?: number): void;
  /** The next contract create stores the draft, then drops the connection. */
  dropNextContract(): void;
  addCollaborator(
    seed: Omit<PayfitMockCollaborator, 'id' | 'contracts'> & { contracts?: Omit<PayfitMockContract, 'id'>[] },
  ): PayfitMockCollaborator;
  reset(): void;
  close(): Promise<void>;
}

const PAGE_SIZE_MAX = 50;
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A PayFit Partner API double (collaborators, their contracts) that behaves as PayFit documents:
 * Bearer key, per-second read and write limits answered with PayFit's 429 body and
 * `X-RateLimit-*-Second` headers (no Retry-After), `nextPageToken` paging of at most 50, required
 * fields checked. Quirks from third-party reports are options (`contractAnswer`, `emailFilter`).
 */
export async function startPayfitMock(options: PayfitMockOptions = {}): Promise<RunningPayfitMock> {
  const settings = {
    apiKey: options.apiKey ?? 'payfit-mock-key',
    companyId: options.companyId ?? 'mock-company',
    contractAnswer: options.contractAnswer ?? 'id',
    emailFilter: options.emailFilter ?? 'contract',
    readsPerSecond: options.readsPerSecond ?? 50,
    writesPerSecond: options.writesPerSecond ?? 20,
  };
  const reads = new WindowLimit(settings.readsPerSecond, 1);
  const writes = new WindowLimit(settings.writesPerSecond, 1);
  const requests: RecordedRequest[] = [];
  const collaborators: PayfitMockCollaborator[] = [];
  const faults = new MockFaults();
  const contractFailures: number[] = [];
  let dropContract = false;

  const addCollaborator: RunningPayfitMock['addCollaborator'] = (seed) => {
    const collaborator: PayfitMockCollaborator = {
      id: newId(),
      firstName: seed.firstName,
      lastName: seed.lastName,
      personalEmail: seed.personalEmail,
      contracts: (seed.contracts ?? []).map((c) => ({ ...c, id: newId() })),
    };
    collaborators.push(collaborator);
    return collaborator;
  };

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    requests.push(recordedRequest(req, url, text));
    if (req.headers.authorization !== `Bearer ${settings.apiKey}`)
      return sendAnswer(res, { status: 401, body: { message: 'Unauthorized' } });
    const limiter = req.method === 'GET' ? reads : writes;
    const window = await limiter.take();
    const rateHeaders = {
      'X-RateLimit-Limit-Second': String(limiter.limit),
      'X-RateLimit-Remaining-Second': String(window.remaining),
    };
    const answer = (a: Answer) => sendAnswer(res, { ...a, headers: { ...rateHeaders, ...a.headers } });
    if (faults.takeThrottle() || !window.allowed) return answer({ status: 429, body: { message: 'API rate limit exceeded' } });
    const serverError = faults.takeServerError();
    if (serverError !== null) return answer({ status: serverError, body: { message: 'Internal Server Error' } });

    const match = /^\/companies\/([^/]+)\/collaborators(?:\/([^/]+)\/contracts)?\/?$/.exec(url.pathname);
    if (!match) return answer({ status: 404, body: { message: 'Not Found' } });
    // A customer key reads only the company that issued it.
    if (decodeURIComponent(match[1]) !== settings.companyId) return answer({ status: 403, body: { message: 'Forbidden' } });
    const collaboratorId = match[2] ? decodeURIComponent(match[2]) : null;

    if (!collaboratorId && req.method === 'GET') return answer(listCollaborators(url.searchParams));
    if (!collaboratorId && req.method === 'POST') return createCollaborator(text, res, answer);
    if (collaboratorId && req.method === 'POST') return createContract(collaboratorId, text, res, answer);
    return answer({ status: 405, body: { message: 'Method Not Allowed' } });
  }

  function listCollaborators(query: URLSearchParams): Answer {
    const maxResults = Number(query.get('maxResults') ?? '10');
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > PAGE_SIZE_MAX) {
      return { status: 400, body: { message: `maxResults must be an integer from 1 to ${PAGE_SIZE_MAX}` } };
    }
    const email = query.get('email')?.trim().toLowerCase();
    const inProgress = query.get('includeInProgressContracts') === 'true';
    const matching = collaborators.filter((c) => !email || filterEmails(c, inProgress).includes(email));
    const start = query.get('nextPageToken') ? Number(Buffer.from(query.get('nextPageToken')!, 'base64url').toString()) : 0;
    if (!Number.isInteger(start) || start < 0) return { status: 400, body: { message: 'invalid nextPageToken' } };
    const page = matching.slice(start, start + maxResults);
    const next = start + maxResults < matching.length ? Buffer.from(String(start + maxResults)).toString('base64url') : null;
    return { status: 200, body: { collaborators: page.map((c) => view(c, inProgress)), meta: { nextPageToken: next } } };
  }

  function filterEmails(c: PayfitMockCollaborator, inProgress: boolean): string[] {
    const contractEmails = visibleContracts(c, inProgress)
      .map((k) => k.email?.toLowerCase())
      .filter((e): e is string => Boolean(e));
    return settings.emailFilter === 'contract' ? contractEmails : [c.personalEmail.toLowerCase(), ...contractEmails];
  }

  function createCollaborator(text: string, res: ServerResponse, answer: (a: Answer) => void): void {
    const body = parseObject(text);
    if (!body) return answer({ status: 400, body: { message: 'Body must be a JSON object' } });
    const errors = [
      ...requireString(body, 'firstName'),
      ...requireString(body, 'lastName'),
      ...requireString(body, 'personalEmail'),
      ...(typeof body.personalEmail === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.personalEmail)
        ? [{ field: 'personalEmail', message: 'personalEmail must be a valid email' }]
        : []),
    ];
    if (errors.length > 0) return answer({ status: 400, body: { message: 'Validation failed', errors } });
    const collaborator = addCollaborator({
      firstName: body.firstName as string,
      lastName: body.lastName as string,
      personalEmail: body.personalEmail as string,
    });
    if (faults.takeDrop()) return void res.socket?.destroy();
    answer({ status: 201, body: { id: collaborator.id } });
  }

  function createContract(collaboratorId: string, text: string, res: ServerResponse, answer: (a: Answer) => void): void {
    const collaborator = collaborators.find((c) => c.id === collaboratorId);
    if (!collaborator) return answer({ status: 404, body: { message: 'Collaborator not found' } });
    const failure = contractFailures.shift();
    if (failure !== undefined) return answer({ status: failure, body: { message: 'Internal Server Error' } });
    const body = parseObject(text);
    if (!body) return answer({ status: 400, body: { message: 'Body must be a JSON object' } });
    const errors = [
      ...requireString(body, 'jobTitle'),
      ...requireString(body, 'startDate'),
      ...(typeof body.startDate === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(body.startDate)
        ? [{ field: 'startDate', message: 'startDate must be a date (YYYY-MM-DD)' }]
        : []),
    ];
    if (errors.length > 0) return answer({ status: 400, body: { message: 'Validation failed', errors } });
    const contract: PayfitMockContract = {
      id: newId(),
      jobTitle: body.jobTitle as string,
      startDate: body.startDate as string,
      status: 'draft',
      email: null,
    };
    collaborator.contracts.push(contract);
    if (dropContract || faults.takeDrop()) {
      dropContract = false;
      return void res.socket?.destroy();
    }
    answer(settings.contractAnswer === 'id' ? { status: 201, body: { id: contract.id } } : { status: 201, body: '' });
  }

  const server: Server = createServer((req, res) => {
    readBody(req, MAX_BODY_BYTES)
      .then(({ text, tooLarge }) =>
        tooLarge ? sendAnswer(res, { status: 413, body: { message: 'Payload Too Large' } }) : handle(req, res, text),
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
    collaborators,
    faults,
    failNextContracts(count, status = 500) {
      for (let i = 0; i < count; i++) contractFailures.push(status);
    },
    dropNextContract() {
      dropContract = true;
    },
    addCollaborator,
    reset() {
      requests.length = 0;
      collaborators.length = 0;
      contractFailures.length = 0;
      dropContract = false;
      faults.reset();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The collaborator as PayFit's list shows it. */
function view(c: PayfitMockCollaborator, inProgress: boolean) {
  const contracts = visibleContracts(c, inProgress);
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    emails: [
      { email: c.personalEmail, type: 'personal' },
      ...contracts.filter((k) => k.email).map((k) => ({ email: k.email, type: 'professional' })),
    ],
    contracts: contracts.map((k) => ({ id: k.id, startDate: k.startDate, endDate: null, status: k.status, jobName: k.jobTitle })),
  };
}

function visibleContracts(c: PayfitMockCollaborator, inProgress: boolean): PayfitMockContract[] {
  return c.contracts.filter((k) => inProgress || k.status !== 'draft');
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function requireString(body: Record<string, unknown>, field: string): Array<{ field: string; message: string }> {
  const value = body[field];
  return typeof value === 'string' && value.trim() !== '' ? [] : [{ field, message: `${field} is required` }];
}

function newId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 24);
}
