import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppConfigService } from '../../config/app-config.service';
import { ConnectionsModule } from '../../connections/connections.module';
import { QueueModule } from '../../sync/queue.module';
import { QUEUE_REDIS } from '../../sync/redis-connection';
import { SyncJobsModule } from '../../sync/sync-jobs.module';
import { FlatchrClients } from './flatchr-clients';
import { FlatchrWriteBackProducer } from './flatchr-write-back.producer';
import { FLATCHR_WRITE_BACK_QUEUE_TOKEN, FlatchrWriteBackQueue, createWriteBackQueue } from './flatchr-write-back.queue';

const logger = new Logger('Redis');

/** Flatchr's REST API for the worker's mapping (referentials) and the write-back queue's producer. */
@Module({
  imports: [QueueModule, ConnectionsModule, SyncJobsModule],
  providers: [
    FlatchrClients,
    {
      provide: FLATCHR_WRITE_BACK_QUEUE_TOKEN,
      inject: [QUEUE_REDIS, AppConfigService],
      useFactory: (redis: IORedis, config: AppConfigService): FlatchrWriteBackQueue =>
        createWriteBackQueue(redis, config.queuePrefix, (err) => logger.error(`Write-back queue: ${err.message}`)),
    },
    FlatchrWriteBackProducer,
  ],
  exports: [FlatchrClients, FlatchrWriteBackProducer],
})
export class FlatchrApiModule implements OnApplicationShutdown {
  constructor(
    @Inject(FLATCHR_WRITE_BACK_QUEUE_TOKEN) private readonly queue: FlatchrWriteBackQueue,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
  ) {}

  /** Same care as QueueModule: a Redis that is down must not hold the shutdown. */
  async onApplicationShutdown(): Promise<void> {
    const atMostASecond = () => new Promise((r) => setTimeout(r, 1000).unref());
    if (this.redis.status === 'ready') await Promise.race([this.queue.waitUntilReady().catch(() => undefined), atMostASecond()]);
    await Promise.race([this.queue.close().catch(() => undefined), atMostASecond()]);
  }
}
