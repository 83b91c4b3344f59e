import { HrisFailure } from './hris-failure';
import { readCappedBody } from './read-capped-body';

/** Enough of an answer to show an operator why a call failed, without storing whole pages. */
export const EXCERPT_LIMIT = 2000;

export function excerpt(text: string | null | undefined): string | null {
  if (!text) return null;
  return text.length > EXCERPT_LIMIT ? `${text.slice(0, EXCERPT_LIMIT)}…` : text;
}

/**
 * A connection's request budget, shared by every worker process (Redis). `take()` resolves when a
 * request may go out, or throws `HrisFailure.rateLimited` with the wait when this window's budget is spent:
 * the job is delayed without using an attempt.
 */
export interface RequestBudget {
  take(): Promise<void>;
}

export interface HrisHttpOptions {
  /** The vendor's name in messages ("Lucca answered 400"). */
  vendor: string;
  /** `scheme://host[:port]` the connection's calls go to (its baseUrl, or the vendor's documented host). */
  origin: string;
  timeoutMs: number;
  budget?: RequestBudget;
  /** Sent on every request (authentication, Accept). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
}

export interface HrisRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The documented path, query string included or given in `query`. */
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON with its Content-Type. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  timeoutMs?: number;
  /** Skips the connection's budget (an auth endpoint with a limit of its own, guarded by the caller). */
  outsideBudget?: boolean;
}

export interface HrisAnswer {
  status: number;
  headers: Headers;
  /** At most 64 KiB of the body (see readCappedBody). */
  text: string;
  /** The body parsed as JSON, or null. */
  body: unknown;
}

/**
 * HTTP for one connection: the connection's origin and budget, a hard time-out on every call (body
 * included), answers read capped. No answer at all (time-out, refused, reset) is a retryable
 * `HrisFailure` with `noAnswer`; any HTTP answer is returned for the connector to read.
 */
export class HrisHttp {
  constructor(readonly options: HrisHttpOptions) {}

  url(path: string, query?: HrisRequest['query']): string {
    const url = new URL(path, this.options.origin);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value as readonly string[]) url.searchParams.append(name, v);
      else url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  async request(req: HrisRequest): Promise<HrisAnswer> {
    if (!req.outsideBudget) await this.options.budget?.take();
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs;
    const headers: Record<string, string> = { Accept: 'application/json', ...(await this.options.headers?.()), ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['Content-Type'] = 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const label = `${req.method} ${req.path}`;
    // A plain controller and timer: AbortSignal.timeout() costs a transferable signal per call on Node 20.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetch(this.url(req.path, req.query), { method: req.method, headers, body, signal: controller.signal });
      // The time-out covers the body too: headers then a stall is a time-out.
      const text = await readCappedBody(res);
      return { status: res.status, headers: res.headers, text, body: parseJson(text) };
    } catch (err) {
      if (err instanceof HrisFailure) throw err;
      const timedOut = (err as Error)?.name === 'AbortError' || (err as Error)?.name === 'TimeoutError';
      const reason = timedOut
        ? `${this.options.vendor} did not answer within ${timeoutMs} ms`
        : `${this.options.vendor} unreachable: ${describeNetworkError(err)}`;
      throw HrisFailure.retryable(`${label}: ${reason}`, { httpStatus: null, noAnswer: true, cause: err });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The body as JSON, or null (empty, truncated or not JSON). */
export function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** fetch() hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`. */
export function describeNetworkError(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** `origin` of a connection: its baseUrl's scheme, host and port when set, else the vendor's documented host. */
export function connectionOrigin(baseUrl: string | null, documentedOrigin: string | null): string {
  const chosen = baseUrl ?? documentedOrigin;
  if (!chosen) throw new Error('this provider needs a baseUrl');
  return new URL(chosen).origin;
}
