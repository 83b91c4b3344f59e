import { Inject, Injectable } from '@nestjs/common';
import { BackoffOptions, JobsOptions } from 'bullmq';
import { MicroBatcher, Settled } from '../common/micro-batcher';
import { AppConfigService } from '../config/app-config.service';
import { PushEmployeeJobData, pushEmployeeJobId } from './hire-sync.job';
import IORedis from 'ioredis';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from './hire-sync.queue';
import { QUEUE_REDIS } from './redis-connection';
import { HIRE_SYNC_JOBS } from './queue.constants';

/** Completed jobs are trimmed from Redis: Postgres keeps the history. Failed ones stay a while for inspection. */
export const PUSH_EMPLOYEE_RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
} satisfies Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'>;

interface PushRequest {
  data: PushEmployeeJobData;
  run: number;
}

/** BullMQ's wait before a retry: SYNC_BACKOFF_MS doubled per attempt; jitter only shortens it (up to half). */
export function pushBackoff(backoffMs: number): BackoffOptions {
  return { type: 'exponential', delay: backoffMs, jitter: 0.5 };
}

@Injectable()
export class HireSyncProducer {
  /** Hires stored together are queued together: one Redis transaction (addBulk) for the batch. */
  private readonly batcher = new MicroBatcher<PushRequest, void>((requests) => this.addBulk(requests), {
    maxBatch: 100,
    maxInFlight: 4,
  });

  constructor(
    @Inject(HIRE_SYNC_QUEUE_TOKEN) private readonly queue: HireSyncQueue,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
    private readonly config: AppConfigService,
  ) {}

  /**
   * Fails at once when Redis is not connected: callers have the job in Postgres already, and a
   * webhook must not wait on a queue that is down.
   */
  async enqueuePush(data: PushEmployeeJobData, run = 0): Promise<void> {
    if (this.redis.status !== 'ready') throw new Error(`Redis is not connected (${this.redis.status})`);
    await this.batcher.submit({ data, run });
  }

  private async addBulk(requests: PushRequest[]): Promise<Array<Settled<void>>> {
    const { maxAttempts, backoffMs } = this.config.sync;
    await this.queue.addBulk(
      requests.map(({ data, run }) => ({
        name: HIRE_SYNC_JOBS.PUSH_EMPLOYEE,
        data,
        opts: {
          jobId: pushEmployeeJobId(data.syncJobId, run),
          attempts: maxAttempts,
          backoff: pushBackoff(backoffMs),
          ...PUSH_EMPLOYEE_RETENTION,
        },
      })),
    );
    return requests.map(() => ({ ok: true, value: undefined }));
  }
}
