import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import IORedis from 'ioredis';
import { QUEUE_REDIS } from '../sync/redis-connection';
import { withTimeout } from '../common/with-timeout';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
    private readonly health: HealthIndicatorService,
  ) {}

  async pingCheck(key: 'redis', timeoutMs = 1500) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.redis.ping(), timeoutMs);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}
