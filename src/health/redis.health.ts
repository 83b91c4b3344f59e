import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import IORedis from 'ioredis';
import { QUEUE_REDIS } from '../sync/redis-connection';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
    private readonly health: HealthIndicatorService,
  ) {}

  async pingCheck(key: 'redis', timeoutMs = 1500) {
    const indicator = this.health.check(key);
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
      ]);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
