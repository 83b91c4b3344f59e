import { RateLimiterAbstract, RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';

/** Runs a company's Flatchr calls one at a time, each only when the company's request rate allows it. */
export interface FlatchrRequestPacer {
  run<T>(companyKey: string, call: () => Promise<T>): Promise<T>;
}

/**
 * The only limit Flatchr documents is 1 request per second per company (its CV route, 429 beyond, "no
 * concurrent calls"); nothing is said for the others, so every route is held to it by default.
 */
export const DEFAULT_FLATCHR_REQUESTS_PER_SECOND = 1;

export interface FlatchrRequestPacerOptions {
  /** Requests started per second per company; default 1. */
  requestsPerSecond?: number;
  /**
   * The limiter counting them, keyed by company key: a RateLimiterRedis shares the bound between worker
   * processes. Default: in this process (RateLimiterMemory).
   */
  limiter?: RateLimiterAbstract;
}

/**
 * rate-limiter-flexible's RateLimiterQueue makes a call wait for its token instead of failing, and the
 * same limiter class works in memory or on Redis. One at a time is a promise chain per company: a call
 * starts when the previous one settled, which no rate limiter expresses.
 */
export class QueuedFlatchrRequestPacer implements FlatchrRequestPacer {
  private readonly queue: RateLimiterQueue;
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(options: FlatchrRequestPacerOptions = {}) {
    const perSecond = options.requestsPerSecond ?? DEFAULT_FLATCHR_REQUESTS_PER_SECOND;
    if (!(perSecond > 0)) throw new Error(`requestsPerSecond must be above 0, got ${perSecond}`);
    // Below 1 per second: one point per (1 / rate) seconds.
    const limiter =
      options.limiter ??
      (perSecond >= 1
        ? new RateLimiterMemory({ points: Math.floor(perSecond), duration: 1 })
        : new RateLimiterMemory({ points: 1, duration: Math.ceil(1 / perSecond) }));
    this.queue = new RateLimiterQueue(limiter);
  }

  run<T>(companyKey: string, call: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(companyKey) ?? Promise.resolve();
    const next = previous.then(
      () => this.start(companyKey, call),
      () => this.start(companyKey, call),
    );
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(companyKey, settled);
    void settled.then(() => {
      if (this.tails.get(companyKey) === settled) this.tails.delete(companyKey);
    });
    return next;
  }

  private async start<T>(companyKey: string, call: () => Promise<T>): Promise<T> {
    await this.queue.removeTokens(1, companyKey);
    return call();
  }
}

/** Shared by every client of this process that is given no pacer: two catch-ups of one company still go one call at a time. */
export const PROCESS_FLATCHR_PACER: FlatchrRequestPacer = new QueuedFlatchrRequestPacer();
