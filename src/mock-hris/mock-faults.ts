import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** One request a vendor mock received, for tests to assert what the connector sent. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The body parsed as JSON, or null. */
  body: unknown;
}

export function recordedRequest(req: IncomingMessage, url: URL, text: string): RecordedRequest {
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
}

/**
 * Faults a test (or `--set`) can arm on a vendor mock, each for the next N matching calls: server
 * errors, throttling, and a create that is stored but never answered (the connection is dropped,
 * as when the vendor acted and the answer was lost).
 */
export class MockFaults {
  private serverErrors: number[] = [];
  private throttled = 0;
  private drops = 0;

  /** The next `count` requests, whatever they are, are answered `status` (5xx). */
  failNext(count: number, status = 503): void {
    for (let i = 0; i < count; i++) this.serverErrors.push(status);
  }

  /** The next `count` requests are answered as throttled (the vendor's own 429). */
  throttleNext(count: number): void {
    this.throttled += count;
  }

  /** The next `count` creates are stored, then the connection is dropped without an answer. */
  dropAfterStore(count = 1): void {
    this.drops += count;
  }

  takeServerError(): number | null {
    return this.serverErrors.shift() ?? null;
  }

  takeThrottle(): boolean {
    if (this.throttled <= 0) return false;
    this.throttled--;
    return true;
  }

  takeDrop(): boolean {
    if (this.drops <= 0) return false;
    this.drops--;
    return true;
  }

  reset(): void {
    this.serverErrors = [];
    this.throttled = 0;
    this.drops = 0;
  }
}

/** A vendor's "N requests per window" limit, as a mock enforces it. */
export class WindowLimit {
  private readonly limiter: RateLimiterMemory;

  constructor(
    readonly limit: number,
    windowSeconds: number,
  ) {
    this.limiter = new RateLimiterMemory({ points: limit, duration: windowSeconds });
  }

  /** Takes one request: whether the window allowed it, what the window has left, when it ends. */
  async take(): Promise<{ allowed: boolean; remaining: number; msToReset: number }> {
    try {
      const res = await this.limiter.consume('all');
      return { allowed: true, remaining: res.remainingPoints, msToReset: res.msBeforeNext };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { allowed: false, remaining: 0, msToReset: err.msBeforeNext };
      throw err;
    }
  }
}

/** `--set name=value` flags as numbers, failing on a typo instead of ignoring it. */
export function numberOption(extra: Readonly<Record<string, string>>, name: string): number | undefined {
  const raw = extra[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--set ${name} takes a number, not "${raw}"`);
  return value;
}

/** A `--set name=value` flag that takes one of a few words. */
export function choiceOption<T extends string>(extra: Readonly<Record<string, string>>, name: string, values: readonly T[]): T | undefined {
  const raw = extra[name];
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw)) throw new Error(`--set ${name} takes ${values.join(' or ')}, not "${raw}"`);
  return raw as T;
}
