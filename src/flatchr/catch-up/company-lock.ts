import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** A held lock: extended while its holder works, released only by it. */
export interface HeldLock {
  /** False when the lock expired and someone else may hold it now. */
  extend(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * One catch-up or backfill at a time per Flatchr company, across every process: a Redis key set NX
 * with a token and a time-to-live (a crashed holder frees it), extended page by page.
 */
export class CompanyLocks {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    private readonly ttlMs = 5 * 60 * 1000,
  ) {}

  async tryAcquire(companyKey: string): Promise<HeldLock | null> {
    const key = `${this.prefix}${companyKey}`;
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', this.ttlMs, 'NX')) !== 'OK') return null;
    return {
      extend: async () => (await this.redis.eval(EXTEND, 1, key, token, String(this.ttlMs))) === 1,
      release: async () => {
        await this.redis.eval(RELEASE, 1, key, token);
      },
    };
  }
}
