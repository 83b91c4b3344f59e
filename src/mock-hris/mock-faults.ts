import type { IncomingMessage } from 'node:http';

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

/** Counts requests in fixed windows (the vendors' "per second" / "per minute" limits). */
export class FixedWindowLimiter {
  private windowStart = 0;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from the current window; false when the window's limit is spent. */
  take(): boolean {
    this.roll();
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }

  remaining(): number {
    this.roll();
    return Math.max(0, this.limit - this.used);
  }

  /** Milliseconds until the current window ends. */
  msToReset(): number {
    this.roll();
    return this.windowStart + this.windowMs - this.now();
  }

  /** Windows aligned on the clock (second 0-1, 1-2...), as the vendors count them. */
  private roll(): void {
    const start = Math.floor(this.now() / this.windowMs) * this.windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
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
