import { ConflictException, Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import IORedis from 'ioredis';
import { HireSyncProducer } from '../sync/hire-sync.producer';
import { QUEUE_REDIS } from '../sync/redis-connection';
import { FINISHED_STATUSES, SyncJobStatus } from '../sync/sync-job-status';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';
import { SyncJobFilterQuery } from './dto/list-sync-jobs.query';
import { SyncJobsQueryService } from './sync-jobs-query.service';

/** One bulk action touches at most this many jobs; run it again for the rest. */
export const BULK_RETRY_LIMIT = 500;

/** Statuses each action may start from: retry is for failures, replay for any finished job. */
const FROM: Record<'retry' | 'replay', readonly SyncJobStatus[]> = {
  retry: ['failed'],
  replay: FINISHED_STATUSES,
};

export interface ActionResult {
  id: string;
  action: 'retry' | 'replay';
  status: 'queued';
  run: number;
  /** False when Redis refused the job: the row is queued in Postgres and the worker's reconciler picks it up. */
  enqueued: boolean;
}

/**
 * Operator actions. Each goes through the producer with a new run number (so BullMQ, which
 * remembers finished job ids, takes it as a new job) after the row is set back to 'queued'
 * and the action is written on the job's timeline.
 */
@Injectable()
export class SyncJobActionsService {
  private readonly logger = new Logger(SyncJobActionsService.name);

  constructor(
    private readonly syncJobs: SyncJobsRepository,
    private readonly producer: HireSyncProducer,
    private readonly queries: SyncJobsQueryService,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
  ) {}

  retry(id: string, actor: string): Promise<ActionResult> {
    return this.run(id, 'retry', actor);
  }

  /** Re-runs the job from the delivery as stored: mapping, employee and SIRH push all again. */
  replay(id: string, actor: string): Promise<ActionResult> {
    return this.run(id, 'replay', actor);
  }

  async retryMatching(filter: SyncJobFilterQuery, actor: string) {
    this.requireQueue();
    const ids = await this.queries.failedIds(filter, BULK_RETRY_LIMIT);
    const results: ActionResult[] = [];
    for (const id of ids) {
      // A job retried meanwhile (by someone else) is simply not counted.
      const r = await this.run(id, 'retry', `${actor} (bulk)`).catch((err: unknown) => {
        if (err instanceof ConflictException) return null;
        throw err;
      });
      if (r) results.push(r);
    }
    return { retried: results.length, limit: BULK_RETRY_LIMIT, ids: results.map((r) => r.id) };
  }

  private async run(id: string, action: 'retry' | 'replay', actor: string): Promise<ActionResult> {
    const current = await this.queries.summary(id);
    if (!current) throw new NotFoundException(`sync job ${id} not found`);
    if (current.payloadPurgedAt) {
      throw new ConflictException(`sync job ${id}: its delivery was purged (retention policy), there is nothing to run again`);
    }
    this.requireQueue();
    const requeued = await this.syncJobs.requeue(id, action, actor, FROM[action]);
    if (!requeued) {
      throw new ConflictException(`sync job ${id} is ${current.status}: ${action} needs one of ${FROM[action].join(', ')}`);
    }
    let enqueued = true;
    try {
      await this.producer.enqueuePush({ syncJobId: id, deliveryId: requeued.deliveryId }, requeued.run);
    } catch (err) {
      enqueued = false;
      this.logger.error(`Sync job ${id} set to queued but not enqueued: ${(err as Error).message}`);
    }
    return { id, action, status: 'queued', run: requeued.run, enqueued };
  }

  /**
   * Refuses before touching the row when Redis is down: a job set back to 'queued' without its
   * new BullMQ job would wait for the reconciler, which re-adds only the first run's job id.
   */
  private requireQueue(): void {
    if (this.redis.status !== 'ready') {
      throw new ServiceUnavailableException(`the queue is unavailable (Redis is ${this.redis.status}); try again later`);
    }
  }
}
