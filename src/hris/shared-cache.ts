import type { Redis } from 'ioredis';

/**
 * A small key-value store shared by every worker process (Redis), namespaced per connection:
 * tokens (Personio's 24 h token), tenant referentials (Lucca's contract archetypes), locks.
 */
export interface SharedCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** SET NX PX: true when this caller took the key (a lock, or a once-per-window marker). */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export class RedisSharedCache implements SharedCache {
  constructor(
    private readonly redis: Redis,
    /** e.g. `hirebridge:hris-cache:<connectionId>:` */
    private readonly namespace: string,
  ) {}

  get(key: string): Promise<string | null> {
    return this.redis.get(this.namespace + key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.namespace + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.namespace + key);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.namespace + key, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }
}
