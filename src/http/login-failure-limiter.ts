import type IORedis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

export interface LoginFailureOptions {
  limit: number;
  windowSeconds: number;
  /** Keeps several deployments (and test runs) sharing one Redis apart. */
  keyPrefix: string;
}

/**
 * Counts failed logins per source address, shared by every API replica through Redis. Only
 * failures are counted, so an operator who types the right password spends nothing; once the
 * limit is reached the address is refused (429) until the window that started with its first
 * failure ends. When Redis is down the count falls back to this process's memory.
 */
export class LoginFailureLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: IORedis,
    private readonly options: LoginFailureOptions,
  ) {
    const { limit: points, windowSeconds: duration } = options;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${options.keyPrefix}:login-failures`,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration }),
    });
  }

  /** Seconds until `source` may try again, or null when it is not blocked. */
  async blockedFor(source: string): Promise<number | null> {
    const state = await this.limiter.get(source);
    if (!state || state.consumedPoints < this.options.limit) return null;
    return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  }

  async recordFailure(source: string): Promise<void> {
    await this.limiter.penalty(source, 1);
  }
}
