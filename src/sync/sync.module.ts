import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { AppConfigService } from '../config/app-config.service';
import { HrisModule } from '../hris/hris.module';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue, createHireSyncQueue } from './hire-sync.queue';
import { HireSyncProcessor } from './hire-sync.processor';
import { HireSyncProducer } from './hire-sync.producer';
import { HireSyncService } from './hire-sync.service';
import { HireSyncStore } from './hire-sync.store';
import { HireSyncWorker } from './hire-sync.worker';
import { QUEUE_REDIS, createProducerRedis } from './redis-connection';
import { checkEvictionPolicy } from './redis-eviction-check';
import { SyncAttempt } from './sync-attempt.entity';
import { SyncJob } from './sync-job.entity';
import { SyncJobsService } from './sync-jobs.service';
import { SyncReconciler } from './sync-reconciler';

/** Redis outages are reported once per reconnect attempt, not as a crash. */
const redisLogger = new Logger('Redis');
const logRedisError = (err: Error) => redisLogger.error(`Queue connection: ${err.message}`);

/** The hire-sync queue: its producer everywhere, its worker only where the role asks for one. */
@Module({})
export class SyncModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(HIRE_SYNC_QUEUE_TOKEN) private readonly queue: HireSyncQueue,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
  ) {}

  static forRole(runsWorker: boolean): DynamicModule {
    const core: Provider[] = [
      {
        provide: QUEUE_REDIS,
        inject: [AppConfigService],
        useFactory: (config: AppConfigService) => createProducerRedis(config.redisUrl, logRedisError),
      },
      {
        provide: HIRE_SYNC_QUEUE_TOKEN,
        inject: [QUEUE_REDIS, AppConfigService],
        useFactory: (redis: IORedis, config: AppConfigService) => createHireSyncQueue(redis, config.queuePrefix, logRedisError),
      },
      HireSyncProducer,
      SyncJobsService,
    ];
    const worker: Provider[] = runsWorker ? [HireSyncService, HireSyncStore, HireSyncProcessor, HireSyncWorker, SyncReconciler] : [];
    return {
      module: SyncModule,
      // Global: the webhook, dashboard and health modules all use the one queue and Redis connection.
      global: true,
      imports: [TypeOrmModule.forFeature([SyncJob, SyncAttempt]), HrisModule],
      providers: [...core, ...worker],
      exports: [HireSyncProducer, SyncJobsService, HIRE_SYNC_QUEUE_TOKEN, QUEUE_REDIS],
    };
  }

  /** Not awaited: a slow or absent Redis must not hold up start-up (the webhook still stores deliveries). */
  onApplicationBootstrap(): void {
    const check = async () => {
      const warning = await checkEvictionPolicy(this.redis);
      if (warning) redisLogger.warn(warning);
    };
    if (this.redis.status === 'ready') void check();
    else this.redis.once('ready', () => void check());
  }

  /** Runs after every worker has closed (Nest closes modules in reverse order of dependency). */
  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') {
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
