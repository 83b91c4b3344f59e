import { describeNetworkError, excerpt } from '../../hris/hris-http';
import { parseRetryAfter } from '../../hris/retry-after';
import { FlatchrApiError, FlatchrKeyRefusedError, FlatchrUserRefusedError } from './flatchr-api.errors';
import { FlatchrApiReadings, flatchrApiReadings } from './flatchr-api-readings';
import type {
  FlatchrApiColumn,
  FlatchrApiVacancy,
  FlatchrComment,
  FlatchrContractTypeEntry,
  FlatchrSearchApplicant,
  FlatchrSearchFilters,
  FlatchrTag,
} from './flatchr-api.types';
import { IsoDay, toFlatchrFilterDate } from './flatchr-day';
import { parseContractReferential } from './contract-referential';
import { FlatchrRequestPacer, PROCESS_FLATCHR_PACER } from './flatchr-request-pacer';

/** Flatchr's production REST host; `FLATCHR_API_URL` replaces its scheme, host and port, never its paths. */
export const DEFAULT_FLATCHR_API_URL = 'https://api.flatchr.io';
/** A search page of applicants is a few hundred bytes each: 4 MiB is thousands of them, and a bound on a hostile answer. */
export const FLATCHR_ANSWER_LIMIT_BYTES = 4 * 1024 * 1024;

export interface FlatchrRetryOptions {
  /** Tries per call, the first included; default 4. */
  attempts?: number;
  /** First back-off; doubled on each retry, with jitter; default 1 s. */
  baseDelayMs?: number;
  /** Longest wait between two tries, Retry-After included; default 30 s. */
  maxDelayMs?: number;
}

export interface FlatchrApiClientOptions {
  /** `FLATCHR_API_URL`; default https://api.flatchr.io. Only its origin is used. */
  baseUrl?: string | null;
  /** The encoded company key (`G6KzqPnNLyp31m0l`), in every company path. */
  companyKey: string;
  apiKey: string;
  /** The write-back user (comments need a user token from login, not the API key). */
  user?: { email: string; password: string } | null;
  /** Per request, answer body included; default 15 s. */
  timeoutMs?: number;
  retry?: FlatchrRetryOptions;
  /** One call at a time per company and a request rate; default: shared by this process, 1 request/s. */
  pacer?: FlatchrRequestPacer;
  /** Overrides of the unconfirmed points (flatchr-api-readings.ts). */
  readings?: Partial<FlatchrApiReadings>;
  maxAnswerBytes?: number;
}

/** A page of a paged search, for the `page` reading of searchPaging. */
export interface FlatchrSearchPage {
  page: number;
  size: number;
}

type Auth = 'api-key' | 'user-token' | 'none';

interface CallSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  multipart?: Record<string, string>;
  auth: Auth;
  /** A 404 is an answer (null), not an error. */
  notFoundIsNull?: boolean;
}

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  truncated: boolean;
}

/** The body was longer than the client reads: for a search, the window is too wide. */
export class FlatchrAnswerTooLargeError extends FlatchrApiError {
  constructor(call: string, limit: number) {
    super('bad-answer', call, `answer larger than ${limit} bytes`);
    this.name = 'FlatchrAnswerTooLargeError';
  }
}

/**
 * Flatchr's REST API for one company: bearer API key, bounded retries with back-off on 429, 5xx and
 * no answer, a time-out on every call, answers read capped, calls paced per company.
 * 401 on an API-key call throws FlatchrKeyRefusedError; other failures FlatchrApiError (see its kinds).
 */
export class FlatchrApiClient {
  readonly origin: string;
  readonly readings: FlatchrApiReadings;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pacer: FlatchrRequestPacer;
  private readonly maxAnswerBytes: number;
  private userToken: string | null = null;

  constructor(private readonly options: FlatchrApiClientOptions) {
    if (!options.companyKey?.trim()) throw new Error('FlatchrApiClient needs the company key');
    if (!options.apiKey?.trim()) throw new Error('FlatchrApiClient needs an API key');
    this.origin = new URL(options.baseUrl || DEFAULT_FLATCHR_API_URL).origin;
    this.readings = flatchrApiReadings(options.readings);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.attempts = Math.max(1, options.retry?.attempts ?? 4);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 1000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.pacer = options.pacer ?? PROCESS_FLATCHR_PACER;
    this.maxAnswerBytes = options.maxAnswerBytes ?? FLATCHR_ANSWER_LIMIT_BYTES;
  }

  get companyKey(): string {
    return this.options.companyKey;
  }

  /** The search body for these filters, as sent (dates MM/DD/YY, `hired` per the reading). */
  searchBody(filters: FlatchrSearchFilters, page?: FlatchrSearchPage): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const field of ['firstname', 'lastname', 'email', 'phone', 'column', 'vacancy', 'company'] as const) {
      if (filters[field] !== undefined) body[field] = filters[field];
    }
    if (filters.hired !== undefined) body.hired = this.readings.hiredFilter === 'string' ? String(filters.hired) : filters.hired;
    if (filters.createdFrom) body.start = toFlatchrFilterDate(filters.createdFrom);
    if (filters.createdTo) body.end = toFlatchrFilterDate(filters.createdTo);
    if (filters.updatedFrom) body.start_update = toFlatchrFilterDate(filters.updatedFrom);
    if (filters.updatedTo) body.end_update = toFlatchrFilterDate(filters.updatedTo);
    const paging = this.readings.searchPaging;
    if (paging.kind === 'page' && page) {
      body[paging.pageField] = page.page;
      body[paging.sizeField] = page.size;
    }
    return body;
  }

  /** POST /company/{key}/search/applicants: a bare array. `page` is sent only in the `page` paging reading. */
  async searchApplicants(filters: FlatchrSearchFilters, page?: FlatchrSearchPage): Promise<FlatchrSearchApplicant[]> {
    const path = `${this.companyPath()}/search/applicants`;
    const body = await this.call({ method: 'POST', path, json: this.searchBody(filters, page), auth: 'api-key' });
    return this.arrayOf(body, `POST ${this.label(path)}`) as FlatchrSearchApplicant[];
  }

  /** Hired applicants modified between two days (both sent; day precision). */
  searchHiredApplicants(window: { from: IsoDay; to: IsoDay }, page?: FlatchrSearchPage): Promise<FlatchrSearchApplicant[]> {
    return this.searchApplicants({ hired: true, updatedFrom: window.from, updatedTo: window.to }, page);
  }

  /** GET /vacancy/{id}?fields=address,tags; null when Flatchr does not know this id. */
  async getVacancy(vacancyId: string | number): Promise<FlatchrApiVacancy | null> {
    const path = `/vacancy/${encodeURIComponent(String(vacancyId))}`;
    const body = await this.call({ method: 'GET', path, query: { fields: 'address,tags' }, auth: 'api-key', notFoundIsNull: true });
    if (body === null) return null;
    // Some routes wrap one object in an array.
    const vacancy = Array.isArray(body) ? body[0] : body;
    if (!isObject(vacancy)) throw new FlatchrApiError('bad-answer', `GET ${path}`, 'the vacancy is not an object');
    return vacancy as FlatchrApiVacancy;
  }

  /** GET /company/{key}/vacancies?fields=address,tags. */
  async listVacancies(): Promise<FlatchrApiVacancy[]> {
    const path = `${this.companyPath()}/vacancies`;
    const body = await this.call({ method: 'GET', path, query: { fields: 'address,tags' }, auth: 'api-key' });
    return this.arrayOf(body, `GET ${this.label(path)}`) as FlatchrApiVacancy[];
  }

  /** The 2020 route GET /company/{key}/applicant/{applicantId} (unconfirmed today); null on 404. */
  async getApplicant(applicantId: string | number): Promise<Record<string, unknown> | null> {
    const path = `${this.companyPath()}/applicant/${encodeURIComponent(String(applicantId))}`;
    const body = await this.call({ method: 'GET', path, auth: 'api-key', notFoundIsNull: true });
    if (body === null) return null;
    if (!isObject(body)) throw new FlatchrApiError('bad-answer', `GET ${this.label(path)}`, 'the applicant is not an object');
    return body;
  }

  /** GET /company/{key}/columns: the board's columns, `hired` flagging the hired one(s). */
  async listColumns(): Promise<FlatchrApiColumn[]> {
    const path = `${this.companyPath()}/columns`;
    const body = await this.call({ method: 'GET', path, auth: 'api-key' });
    return this.arrayOf(body, `GET ${this.label(path)}`) as FlatchrApiColumn[];
  }

  /** GET /contracts?lang=fr: contract type ids and labels. */
  async listContractTypes(lang = 'fr'): Promise<FlatchrContractTypeEntry[]> {
    const body = await this.call({ method: 'GET', path: '/contracts', query: { lang }, auth: 'api-key' });
    const entries = parseContractReferential(body);
    if (entries === null)
      throw new FlatchrApiError('bad-answer', 'GET /contracts', 'no contract type list in the answer', {
        excerpt: excerpt(JSON.stringify(body)),
      });
    return entries;
  }

  /** GET /company/{key}/tags. */
  async listTags(): Promise<FlatchrTag[]> {
    const path = `${this.companyPath()}/tags`;
    const body = await this.call({ method: 'GET', path, auth: 'api-key' });
    return this.arrayOf(body, `GET ${this.label(path)}`) as FlatchrTag[];
  }

  /**
   * POST /user/login {email, password} -> the user token comments need. Kept for the client's life and
   * asked again when Flatchr refuses it (its lifetime is undocumented).
   */
  async login(): Promise<string> {
    const user = this.options.user;
    if (!user?.email || !user.password)
      throw new FlatchrUserRefusedError('POST /user/login', { excerpt: 'no write-back user email and password configured' });
    const body = await this.call({
      method: 'POST',
      path: '/user/login',
      json: { email: user.email, password: user.password },
      auth: 'none',
    });
    const token = isObject(body) && typeof body.token === 'string' && body.token !== '' ? body.token : null;
    if (!token) {
      const status = isObject(body) && typeof body.statusCode === 'number' ? body.statusCode : null;
      if (status === 401 || status === 403) throw new FlatchrUserRefusedError('POST /user/login', { status });
      throw new FlatchrApiError('bad-answer', 'POST /user/login', 'no token in the answer', { status });
    }
    this.userToken = token;
    return token;
  }

  /** POST /company/{key}/applicant/{applicantId}/comment with the user token (the API key is refused there). */
  async createComment(applicantId: string | number, comment: { text: string; private?: boolean }): Promise<FlatchrComment> {
    const path = `${this.companyPath()}/applicant/${encodeURIComponent(String(applicantId))}/comment`;
    // D lists `type` as required ("note"); R does not know it, and an unknown field is ignored.
    const fields = { text: comment.text, private: comment.private ?? false, type: 'note' };
    const spec: CallSpec =
      this.readings.commentEncoding === 'json'
        ? { method: 'POST', path, json: fields, auth: 'user-token' }
        : {
            method: 'POST',
            path,
            multipart: { text: fields.text, private: String(fields.private), type: fields.type },
            auth: 'user-token',
          };
    const body = await this.call(spec);
    if (!isObject(body)) throw new FlatchrApiError('bad-answer', `POST ${this.label(path)}`, 'the comment is not an object');
    return body as FlatchrComment;
  }

  /** POST /company/{key}/applicant/{applicantId}/trait {tag, value}: fills one of the company's tags on the applicant. */
  async addTag(applicantId: string | number, tag: { tagId: string | number; value: string }): Promise<Record<string, unknown>> {
    const path = `${this.companyPath()}/applicant/${encodeURIComponent(String(applicantId))}/trait`;
    const body = await this.call({ method: 'POST', path, json: { tag: String(tag.tagId), value: tag.value }, auth: this.readings.tagAuth });
    return isObject(body) ? body : {};
  }

  private companyPath(): string {
    return `/company/${encodeURIComponent(this.options.companyKey)}`;
  }

  /** Paths in messages without the company key: an operator reads them, and the key is half a credential. */
  private label(path: string): string {
    return path.replace(this.companyPath(), '/company/{key}');
  }

  private arrayOf(body: unknown, call: string): unknown[] {
    if (!Array.isArray(body))
      throw new FlatchrApiError('bad-answer', call, 'expected a JSON array', { excerpt: excerpt(JSON.stringify(body) ?? '') });
    return body;
  }

  /** One call with bounded retries; returns the parsed JSON body (null for 404 when allowed). */
  private async call(spec: CallSpec): Promise<unknown> {
    const call = `${spec.method} ${this.label(spec.path)}`;
    let reloggedIn = false;
    for (let attempt = 1; ; attempt++) {
      // A paced call of its own, before the one that needs the token: the company's rate holds for logins too.
      if (spec.auth === 'user-token' && this.userToken === null && this.options.user?.email && this.options.user.password)
        await this.login();
      let answer: RawAnswer;
      try {
        answer = await this.pacer.run(this.options.companyKey, () => this.send(spec, call));
      } catch (err) {
        if (err instanceof FlatchrApiError) throw err;
        if (attempt < this.attempts) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw new FlatchrApiError('unavailable', call, describeFailure(err, this.timeoutMs), { cause: err });
      }
      const { status } = answer;
      if (status >= 200 && status < 300) {
        if (answer.truncated) throw new FlatchrAnswerTooLargeError(call, this.maxAnswerBytes);
        return parseJson(answer.text, call);
      }
      const details = { status, excerpt: excerpt(answer.text) };
      if (status === 404 && spec.notFoundIsNull) return null;
      if (status === 401) {
        if (spec.auth === 'api-key') throw new FlatchrKeyRefusedError(call, details);
        if (spec.auth === 'none') throw new FlatchrUserRefusedError(call, details);
        // A user token past its (undocumented) lifetime: log in again once.
        if (!reloggedIn) {
          reloggedIn = true;
          this.userToken = null;
          attempt--;
          continue;
        }
        throw new FlatchrUserRefusedError(call, details);
      }
      if (status === 429 || status >= 500 || status === 408) {
        const retryAfter = answer.headers.get('retry-after');
        const retryAfterMs = status === 429 && retryAfter ? parseRetryAfter(retryAfter) : null;
        if (attempt < this.attempts) {
          await sleep(Math.min(retryAfterMs ?? this.backoff(attempt), this.maxDelayMs));
          continue;
        }
        const kind = status === 429 ? 'rate-limited' : 'unavailable';
        throw new FlatchrApiError(kind, call, `HTTP ${status} after ${this.attempts} tries`, { ...details, retryAfterMs });
      }
      if (spec.auth === 'none' && (status === 400 || status === 403)) throw new FlatchrUserRefusedError(call, details);
      throw new FlatchrApiError('rejected', call, `HTTP ${status}`, details);
    }
  }

  /** Exponential with equal jitter: half the step fixed, half random, so retries of several workers spread. */
  private backoff(attempt: number): number {
    const step = Math.min(this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
    return step / 2 + Math.random() * (step / 2);
  }

  private async send(spec: CallSpec, call: string): Promise<RawAnswer> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (spec.auth === 'api-key') headers.Authorization = `Bearer ${this.options.apiKey}`;
    if (spec.auth === 'user-token') headers.Authorization = `Bearer ${this.userToken ?? (await this.loginOutsidePacer(call))}`;
    let body: string | FormData | undefined;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['Content-Type'] = 'application/json';
    } else if (spec.multipart) {
      const form = new FormData();
      for (const [name, value] of Object.entries(spec.multipart)) form.append(name, value);
      body = form;
    }
    const url = new URL(spec.path, this.origin);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, value);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const res = await fetch(url, { method: spec.method, headers, body, signal: controller.signal });
      const { text, truncated } = await readCapped(res, this.maxAnswerBytes);
      return { status: res.status, headers: res.headers, text, truncated };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Inside a paced call already: logging in through the pacer again would wait for this very call. The
   * login is one more request in the same slot, which stays within one call at a time.
   */
  private async loginOutsidePacer(call: string): Promise<string> {
    const user = this.options.user;
    if (!user?.email || !user.password)
      throw new FlatchrUserRefusedError(call, { excerpt: 'no write-back user email and password configured' });
    const answer = await this.send(
      { method: 'POST', path: '/user/login', json: { email: user.email, password: user.password }, auth: 'none' },
      call,
    );
    if (answer.status === 401 || answer.status === 403 || answer.status === 400) {
      throw new FlatchrUserRefusedError('POST /user/login', { status: answer.status, excerpt: excerpt(answer.text) });
    }
    if (answer.status === 429 || answer.status >= 500) {
      throw new FlatchrApiError(answer.status === 429 ? 'rate-limited' : 'unavailable', 'POST /user/login', `HTTP ${answer.status}`, {
        status: answer.status,
      });
    }
    const body = parseJson(answer.text, 'POST /user/login');
    const token = isObject(body) && typeof body.token === 'string' && body.token !== '' ? body.token : null;
    if (!token) throw new FlatchrUserRefusedError('POST /user/login', { status: answer.status, excerpt: excerpt(answer.text) });
    this.userToken = token;
    return token;
  }
}

async function readCapped(res: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
    if (size + value.byteLength > limit) {
      await reader.cancel();
      return { text: '', truncated: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
}

function parseJson(text: string, call: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FlatchrApiError('bad-answer', call, 'the answer is not JSON', { excerpt: excerpt(text), cause: err });
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const name = (err as Error)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return `unreachable: ${describeNetworkError(err)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
