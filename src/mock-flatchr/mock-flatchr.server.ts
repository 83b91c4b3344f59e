import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { fromFlatchrFilterDate, utcDayOf } from '../flatchr/api/flatchr-day';
import { Answer, readBody, sendAnswer } from '../mock-sirh/http-io';
import {
  MockFlatchr,
  MockFlatchrApplicant,
  MockFlatchrComment,
  MockFlatchrFault,
  MockFlatchrOptions,
  MockFlatchrReadings,
  MockFlatchrRequest,
  MockFlatchrTrait,
  MockFlatchrVacancy,
} from './mock-flatchr.types';
import { listen } from '../common/listen';

export * from './mock-flatchr.types';

const MAX_BODY_BYTES = 1024 * 1024;
/** Control routes for a mock run on its own (seed, faults, requests): not Flatchr's, never faulted or recorded. */
export const CONTROL_PREFIX = '/__mock';

export const DEFAULT_MOCK_READINGS: MockFlatchrReadings = {
  hiredFilter: 'either',
  paging: { kind: 'none' },
  endDateInclusive: true,
  searchIncludesCandidateId: true,
  applicantRoute: true,
  searchVacancyId: 'encoded',
  commentEncoding: 'either',
  tagAuth: 'api-key',
  contractsShape: 'label',
};

/** Flatchr's documented referentials as far as known (1 = CDI is the only confirmed id; the rest are for the demo). */
export const DEFAULT_MOCK_CONTRACTS = [
  { id: 1, label: 'CDI' },
  { id: 2, label: 'CDD' },
  { id: 3, label: 'Stage' },
  { id: 4, label: 'Alternance' },
  { id: 5, label: 'Freelance' },
  { id: 6, label: 'Intérim' },
];

export const DEFAULT_MOCK_COLUMNS = [
  { id: 694, title: 'Nouveaux', position: 1, visible: true, hired: false },
  { id: 695, title: 'Pré-qualification RH', position: 2, visible: true, hired: false },
  { id: 696, title: 'Recruté', position: 6, visible: true, hired: true },
];

/**
 * Flatchr's REST API as documented (docs/flatchr-api.md), on plain node:http: bearer API key (401
 * otherwise), search with day filters as MM/DD/YY and `hired` as "true", bare arrays, columns and
 * contracts referentials, login -> user token, comments with a user token only, tags, faults (429,
 * 5xx, hang), every API request recorded.
 */
export async function startFlatchrMock(opts: MockFlatchrOptions): Promise<MockFlatchr> {
  const host = opts.host ?? '127.0.0.1';
  const readings: MockFlatchrReadings = { ...DEFAULT_MOCK_READINGS, ...opts.readings };
  const applicants: MockFlatchrApplicant[] = [...(opts.applicants ?? [])];
  const vacancies: MockFlatchrVacancy[] = [...(opts.vacancies ?? [])];
  const columns = (opts.columns ?? DEFAULT_MOCK_COLUMNS).map((c) => ({ company_id: opts.companyKey, ...c }));
  const contracts = opts.contracts ?? DEFAULT_MOCK_CONTRACTS;
  const tags = opts.tags ?? [{ id: '5gQayv9L1Qp6LXE4', name: 'HRIS' }];
  const users = opts.users ?? [];
  const faults: MockFlatchrFault[] = [...(opts.faults ?? [])];
  let failRate = opts.failRate ?? 0;
  let failStatus = opts.failStatus ?? 503;
  let apiKeyValid = true;
  const tokens = new Map<string, string>();
  const requests: MockFlatchrRequest[] = [];
  const comments: MockFlatchrComment[] = [];
  const traits: MockFlatchrTrait[] = [];
  const sockets = new Set<Socket>();
  const companyPath = `/company/${opts.companyKey}`;

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://mock-flatchr.invalid');
    let raw;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch {
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const { body, encoding } = await parseBody(raw.text, headers['content-type'] ?? '');
    const recorded: MockFlatchrRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      encoding,
      receivedAt: new Date(),
    };

    if (url.pathname === '/health') return respond(res, recorded, { status: 200, body: { status: 'ok' } }, false);
    if (url.pathname.startsWith(CONTROL_PREFIX)) return respond(res, recorded, control(recorded), false);

    requests.push(recorded);
    const fault = takeFault(recorded.path);
    if (fault) {
      recorded.fault = fault;
      if ('hang' in fault) return log(recorded, 'hang (fault)');
      const extra: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      return respond(res, recorded, {
        status: fault.status,
        body: fault.body ?? { statusCode: fault.status, message: `injected fault: HTTP ${fault.status}` },
        headers: extra,
      });
    }
    if (failRate > 0 && Math.random() < failRate) {
      return respond(res, recorded, { status: failStatus, body: { statusCode: failStatus, message: 'random failure (--fail-rate)' } });
    }
    respond(res, recorded, route(recorded));
  }

  function takeFault(path: string): MockFlatchrFault | undefined {
    const index = faults.findIndex((f) => f.path === undefined || path.includes(f.path));
    return index === -1 ? undefined : faults.splice(index, 1)[0];
  }

  function route(r: MockFlatchrRequest): Answer {
    const { method, path } = r;
    if (method === 'POST' && path === '/user/login') return login(r);
    if (method === 'POST' && /^\/company\/[^/]+\/applicant\/[^/]+\/comment$/.test(path)) return createComment(r);
    if (method === 'POST' && /^\/company\/[^/]+\/applicant\/[^/]+\/trait$/.test(path)) return addTrait(r);
    const refused = checkApiKey(r);
    if (refused) return refused;
    if (method === 'GET' && path === '/contracts') return { status: 200, body: contractsAnswer() };
    const vacancyMatch = /^\/vacancy\/([^/]+)$/.exec(path);
    if (method === 'GET' && vacancyMatch) {
      const vacancy = vacancies.find((v) => v.id === decodeURIComponent(vacancyMatch[1]));
      return vacancy ? { status: 200, body: vacancy } : notFound('vacancy');
    }
    if (path.startsWith('/company/') && !path.startsWith(`${companyPath}/`))
      return { status: 403, body: { statusCode: 403, message: 'not your company' } };
    if (method === 'POST' && path === `${companyPath}/search/applicants`) return search(r);
    if (method === 'GET' && path === `${companyPath}/columns`) return { status: 200, body: columns };
    if (method === 'GET' && path === `${companyPath}/vacancies`) return { status: 200, body: vacancies };
    if (method === 'GET' && path === `${companyPath}/tags`) return { status: 200, body: tags };
    const applicantMatch = /^\/company\/[^/]+\/applicant\/([^/]+)$/.exec(path);
    if (method === 'GET' && applicantMatch && readings.applicantRoute) {
      const a = applicants.find((x) => x.id === decodeURIComponent(applicantMatch[1]));
      return a ? { status: 200, body: applicantAnswer(a) } : notFound('applicant');
    }
    return notFound('route');
  }

  function bearer(r: MockFlatchrRequest): string | null {
    const m = /^Bearer\s+(.+)$/i.exec(r.headers.authorization ?? '');
    return m ? m[1].trim() : null;
  }

  function checkApiKey(r: MockFlatchrRequest): Answer | null {
    const token = bearer(r) ?? r.query.token ?? null;
    if (token === opts.apiKey && apiKeyValid) return null;
    return { status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid or expired token' } };
  }

  function checkUserToken(r: MockFlatchrRequest): { email: string } | Answer {
    const token = bearer(r);
    const email = token ? tokens.get(token) : undefined;
    if (email) return { email };
    const message =
      token === opts.apiKey ? 'this route needs a user token (POST /user/login), not the API key' : 'Invalid or expired token';
    return { status: 401, body: { statusCode: 401, error: 'Unauthorized', message } };
  }

  function login(r: MockFlatchrRequest): Answer {
    const body = asRecord(r.body);
    const user = users.find((u) => u.email === body.email && u.password === body.password);
    if (!user) return { status: 401, body: { statusCode: 401, message: 'Wrong email or password' } };
    const token = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(12).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
    tokens.set(token, user.email);
    return { status: 200, body: { statusCode: 200, token } };
  }

  function search(r: MockFlatchrRequest): Answer {
    if (r.encoding !== 'json') return { status: 400, body: { statusCode: 400, message: 'JSON body expected' } };
    const f = asRecord(r.body);
    const dates: Record<string, string | null> = {};
    for (const field of ['start', 'end', 'start_update', 'end_update']) {
      if (f[field] === undefined) continue;
      dates[field] = fromFlatchrFilterDate(f[field]);
      if (dates[field] === null) return { status: 400, body: { statusCode: 400, message: `${field} must be a date as MM/DD/YY` } };
    }
    const hired = hiredFilter(f.hired);
    const inRange = (day: string, from: string | null | undefined, to: string | null | undefined) =>
      (!from || day >= from) && (!to || (readings.endDateInclusive ? day <= to : day < to));
    const eq = (a: unknown, b: string | null | undefined) => typeof a !== 'string' || (b ?? '').toLowerCase() === a.toLowerCase();
    let found = applicants
      .filter((a) => hired === undefined || a.hired === hired)
      .filter((a) => inRange(utcDayOf(Date.parse(a.updatedAt)), dates.start_update, dates.end_update))
      .filter((a) => inRange(utcDayOf(Date.parse(a.createdAt)), dates.start, dates.end))
      .filter((a) => eq(f.email, a.email) && eq(f.firstname, a.firstname) && eq(f.lastname, a.lastname) && eq(f.column, a.column))
      .filter((a) => typeof f.vacancy !== 'string' || a.vacancyId === f.vacancy)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id));
    const paging = readings.paging;
    if (paging.kind === 'none') {
      if (paging.cap !== undefined) found = found.slice(0, paging.cap);
    } else {
      const page = Number(f[paging.pageField] ?? paging.firstPage);
      const size = Number(f[paging.sizeField] ?? 50);
      found = found.slice((page - paging.firstPage) * size, (page - paging.firstPage + 1) * size);
    }
    return { status: 200, body: found.map(searchItem) };
  }

  /** `"true"`/`true` per the reading; a spelling the server does not understand filters nothing. */
  function hiredFilter(value: unknown): boolean | undefined {
    const asString = value === 'true' ? true : value === 'false' ? false : undefined;
    const asBoolean = typeof value === 'boolean' ? value : undefined;
    if (readings.hiredFilter === 'string') return asString;
    if (readings.hiredFilter === 'boolean') return asBoolean;
    return asString ?? asBoolean;
  }

  function searchItem(a: MockFlatchrApplicant): Record<string, unknown> {
    const vacancy = vacancies.find((v) => v.id === a.vacancyId);
    const created = new Date(a.createdAt);
    const item: Record<string, unknown> = {
      applicant: a.id,
      vacancy: vacancy?.title ?? null,
      vacancy_id: readings.searchVacancyId === 'plain' ? (vacancy?.vacancy_id ?? null) : a.vacancyId,
      column: a.column,
      external_id: '',
      firstname: a.firstname,
      lastname: a.lastname,
      email: a.email,
      phone: a.phone ?? '',
      status: a.status ?? 1,
      score: 0,
      hired: a.hired,
      // DD/MM/YY, as the search table documents it.
      created_at: `${pad(created.getUTCDate())}/${pad(created.getUTCMonth() + 1)}/${String(created.getUTCFullYear()).slice(2)}`,
      updated_at: a.updatedAt,
      source: a.source ?? 'Site carrière',
    };
    if (readings.searchIncludesCandidateId) item.candidate_id = a.candidateId;
    return item;
  }

  function applicantAnswer(a: MockFlatchrApplicant): Record<string, unknown> {
    return {
      id: a.id,
      vacancy_id: a.vacancyId,
      candidate_id: a.candidateId,
      column_id: columns.find((c) => c.title === a.column)?.id ?? null,
      score: 0,
      status: a.status ?? 1,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
      candidate: { id: a.candidateId, firstname: a.firstname, lastname: a.lastname, email: a.email, phone: a.phone ?? '' },
    };
  }

  function contractsAnswer(): unknown {
    if (readings.contractsShape === 'map') return Object.fromEntries(contracts.map((c) => [String(c.id), c.label]));
    if (readings.contractsShape === 'name') return contracts.map((c) => ({ id: c.id, name: c.label }));
    return contracts.map((c) => ({ id: c.id, label: c.label }));
  }

  function createComment(r: MockFlatchrRequest): Answer {
    const user = checkUserToken(r);
    if ('status' in user) return user;
    const accepted = readings.commentEncoding === 'either' ? ['json', 'multipart'] : [readings.commentEncoding];
    if (!accepted.includes(r.encoding)) return { status: 400, body: { statusCode: 400, message: `body must be ${accepted.join(' or ')}` } };
    const applicantId = decodeURIComponent(r.path.split('/')[4]);
    if (!applicants.some((a) => a.id === applicantId)) return notFound('applicant');
    const body = asRecord(r.body);
    if (typeof body.text !== 'string' || body.text.trim() === '')
      return { status: 400, body: { statusCode: 400, message: 'text is required' } };
    const comment: MockFlatchrComment = {
      id: 3600 + comments.length + 1,
      applicantId,
      text: body.text,
      private: body.private === true || body.private === 'true',
      type: typeof body.type === 'string' ? body.type : null,
      userEmail: user.email,
    };
    comments.push(comment);
    const author = users.find((u) => u.email === user.email);
    return {
      status: 200,
      body: {
        id: comment.id,
        text: comment.text,
        private: comment.private,
        favorite: false,
        created_by: 391,
        created_at: new Date().toISOString(),
        reply_to: null,
        author: { id: 'lVq5r6pYXk9AmMvP', firstname: author?.firstname ?? 'API', lastname: author?.lastname ?? 'User' },
        attachments: [],
        ratings: [],
      },
    };
  }

  function addTrait(r: MockFlatchrRequest): Answer {
    if (readings.tagAuth === 'api-key') {
      const refused = checkApiKey(r);
      if (refused) return refused;
    } else {
      const user = checkUserToken(r);
      if ('status' in user) return user;
    }
    const applicantId = decodeURIComponent(r.path.split('/')[4]);
    if (!applicants.some((a) => a.id === applicantId)) return notFound('applicant');
    const body = asRecord(r.body);
    if (!tags.some((t) => t.id === body.tag) || typeof body.value !== 'string') {
      return { status: 400, body: { statusCode: 400, message: 'tag must be one of the company tag ids, value a string' } };
    }
    traits.push({ applicantId, tag: body.tag as string, value: body.value });
    return { status: 200, body: { id: randomBytes(8).toString('hex'), tag_id: body.tag, value: body.value } };
  }

  function control(r: MockFlatchrRequest): Answer {
    const what = r.path.slice(CONTROL_PREFIX.length);
    if (r.method === 'GET' && what === '/requests') return { status: 200, body: requests };
    if (r.method === 'GET' && what === '/comments') return { status: 200, body: { comments, traits } };
    if (r.method === 'POST' && what === '/applicants') {
      const list = Array.isArray(r.body) ? r.body : [r.body];
      mock.addApplicants(...(list as MockFlatchrApplicant[]));
      return { status: 201, body: { applicants: applicants.length } };
    }
    if (r.method === 'POST' && what === '/vacancies') {
      const list = Array.isArray(r.body) ? r.body : [r.body];
      mock.addVacancies(...(list as MockFlatchrVacancy[]));
      return { status: 201, body: { vacancies: vacancies.length } };
    }
    if (r.method === 'POST' && what === '/faults') {
      const list = Array.isArray(r.body) ? r.body : [r.body];
      mock.enqueueFaults(...(list as MockFlatchrFault[]));
      return { status: 201, body: { faults: faults.length } };
    }
    if (r.method === 'POST' && what === '/expire-api-key') {
      apiKeyValid = false;
      return { status: 204, body: '' };
    }
    return notFound('control route');
  }

  function respond(res: ServerResponse, recorded: MockFlatchrRequest, answer: Answer, record = true): void {
    if (record) recorded.status = answer.status;
    if (!res.destroyed) sendAnswer(res, answer);
    if (record) log(recorded, String(answer.status));
  }

  function log(recorded: MockFlatchrRequest, outcome: string): void {
    if (!opts.logRequests) return;
    const body = recorded.method === 'POST' && recorded.path.endsWith('/search/applicants') ? ` ${JSON.stringify(recorded.body)}` : '';
    process.stdout.write(`${recorded.method} ${recorded.path}${body} ${outcome}\n`);
  }

  const port = await listen(server, opts.port ?? 0, host);

  const mock: MockFlatchr = {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    apiRequests: (path?: string) => requests.filter((r) => path === undefined || r.path.includes(path)),
    comments,
    traits,
    readings,
    addApplicants: (...list) => void applicants.push(...list),
    addVacancies: (...list) => void vacancies.push(...list),
    enqueueFaults: (...list) => void faults.push(...list),
    setFailRate: (rate, status) => {
      failRate = rate;
      if (status !== undefined) failStatus = status;
    },
    expireApiKey: () => {
      apiKeyValid = false;
    },
    expireUserTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return mock;
}

async function parseBody(text: string, contentType: string): Promise<{ body: unknown; encoding: string }> {
  if (text === '') return { body: undefined, encoding: 'none' };
  if (/multipart\/form-data/i.test(contentType)) {
    try {
      const form = await new Response(text, { headers: { 'content-type': contentType } }).formData();
      const fields: Record<string, string> = {};
      form.forEach((value, key) => {
        if (typeof value === 'string') fields[key] = value;
      });
      return { body: fields, encoding: 'multipart' };
    } catch {
      return { body: text, encoding: 'other' };
    }
  }
  try {
    return { body: JSON.parse(text), encoding: /json/i.test(contentType) ? 'json' : 'other' };
  } catch {
    return { body: text, encoding: 'other' };
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function notFound(what: string): Answer {
  return { status: 404, body: { statusCode: 404, message: `${what} not found` } };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
