import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppConfigService } from '../config/app-config.service';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue, createHireSyncQueue } from './hire-sync.queue';
import { QUEUE_REDIS, createProducerRedis } from './redis-connection';
import { checkRedisDurability } from './redis-durability-check';

/** Redis outages are reported once per reconnect attempt, not as a crash. */
const redisLogger = new Logger('Redis');
const logRedisError = (err: Error) => redisLogger.error(`Queue connection: ${err.message}`);

/**
 * The queue's Redis connection (QUEUE_REDIS, an IORedis) and the hire-sync queue, one of each per
 * process. Not global: a module that uses either imports this one.
 */
@Module({
  providers: [
    {
      provide: QUEUE_REDIS,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService): IORedis => createProducerRedis(config.redisUrl, logRedisError),
    },
    {
      provide: HIRE_SYNC_QUEUE_TOKEN,
      inject: [QUEUE_REDIS, AppConfigService],
      useFactory: (redis: IORedis, config: AppConfigService): HireSyncQueue =>
        createHireSyncQueue(redis, config.queuePrefix, logRedisError),
    },
  ],
  exports: [QUEUE_REDIS, HIRE_SYNC_QUEUE_TOKEN],
})
export class QueueModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(HIRE_SYNC_QUEUE_TOKEN) private readonly queue: HireSyncQueue,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
  ) {}

  /** Not awaited: a slow or absent Redis must not hold up start-up (the webhook still stores deliveries). */
  onApplicationBootstrap(): void {
    const check = async () => {
      for (const warning of await checkRedisDurability(this.redis)) redisLogger.warn(warning);
    };
    if (this.redis.status === 'ready') void check();
    else this.redis.once('ready', () => void check());
  }

  /**
   * Runs after every worker and hand-off has finished (they close in beforeApplicationShutdown).
   * Not @nestjs/bullmq's registerQueue: its queue awaits close() at shutdown even when Redis is down.
   */
  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') {
      // A queue still setting up its connection (a shutdown right after start) would send its
      // version check on a closing connection and emit an error nobody listens to any more.
      await this.queue.waitUntilReady().catch(() => undefined);
      await this.queue.close();
      await this.redis.quit();
    } else {
      // Redis is unreachable: nothing to flush, and waiting for it would hang the shutdown.
      const atMostASecond = () => new Promise((r) => setTimeout(r, 1000).unref());
      this.redis.disconnect();
      // BullMQ's connection is still waiting for Redis. Let that wait fail now, while the queue's
      // error listener is attached: after close() removed every listener, its failure would be an
      // uncaught 'error' (seen as "connect ECONNREFUSED" crashing a shutdown on a busy machine).
      await Promise.race([this.queue.waitUntilReady().catch(() => undefined), atMostASecond()]);
      await Promise.race([this.queue.close(), atMostASecond()]);
    }
  }
}
