import IORedis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { HrisFailure } from './hris-failure';
import type { RequestBudget } from './hris-http';

const WINDOW_SECONDS = 60;

/**
 * Per-connection request budgets, one fixed one-minute window per connection in Redis, shared by
 * every worker process (rate-limiter-flexible). Over budget, a request is not sent: the job gets a
 * `rate_limited` failure whose delay also counts the jobs already waiting ahead of it, so a
 * backlog spreads over the next windows instead of waking all at once.
 */
export class ConnectionBudgets {
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(
    private readonly redis: IORedis,
    private readonly keyPrefix: string,
  ) {}

  for(connectionId: string, requestsPerMinute: number): RequestBudget {
    const limiter = this.limiterFor(requestsPerMinute);
    return {
      take: async () => {
        try {
          await limiter.consume(connectionId, 1);
        } catch (err) {
          if (!(err instanceof RateLimiterRes))
            throw HrisFailure.retryable(`request budget unavailable: ${(err as Error).message}`, { cause: err });
          // consumedPoints keeps counting refused requests: how many windows of backlog lie ahead of this one.
          const windowsAhead = Math.floor((err.consumedPoints - requestsPerMinute - 1) / requestsPerMinute);
          const delayMs = err.msBeforeNext + Math.max(0, windowsAhead) * WINDOW_SECONDS * 1000 + Math.floor(Math.random() * 250);
          throw HrisFailure.rateLimited(
            `request budget of ${requestsPerMinute}/min for this connection is spent; next request in ${Math.ceil(delayMs / 1000)} s`,
            delayMs,
            { notSent: true },
          );
        }
      },
    };
  }

  private limiterFor(points: number): RateLimiterRedis {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      // One limiter per budget size over the same keys: a changed budget applies from the next window.
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.keyPrefix}:hris-budget`,
        points,
        duration: WINDOW_SECONDS,
      });
      this.limiters.set(points, limiter);
    }
    return limiter;
  }
}
