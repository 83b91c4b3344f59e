import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import { AppConfigService } from '../config/app-config.service';
import { HireSyncProducer } from './hire-sync.producer';
import { SyncJobsRepository } from './sync-jobs.repository';

/**
 * A 'queued' row this old may have missed the queue (stored while Redis was down); it may as well
 * be waiting its turn or in the middle of its run, since the worker writes the row only once the
 * HRIS has answered. Rows between attempts ('retrying') get
 * longer, as their BullMQ job is usually alive. Either way re-adding is harmless: BullMQ ignores a
 * job id it already holds, and a run of a finished job changes nothing.
 */
const QUEUED_STALE_AFTER_SECONDS = 10;
const STALE_AFTER_SECONDS = 60;
const BATCH = 500;

/**
 * Puts back in the queue every unfinished sync job that Postgres knows and Redis may not:
 * deliveries stored while Redis was down, jobs whose Redis data was lost. Re-adding is safe:
 * job ids are deterministic, so BullMQ ignores a job it already holds.
 */
@Injectable()
export class SyncReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncReconciler.name);
  private readonly task = new PeriodicTask('Reconcile pass', this.logger, () => this.reconcile());

  constructor(
    private readonly jobs: SyncJobsRepository,
    private readonly producer: HireSyncProducer,
    private readonly config: AppConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.reconcileIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One pass; returns how many jobs were handed to the queue. */
  async reconcile(staleAfterSeconds = STALE_AFTER_SECONDS, queuedStaleAfterSeconds = QUEUED_STALE_AFTER_SECONDS): Promise<number> {
    // With its current run, so the job id re-added is the one in use.
    const rows = await this.jobs.findStale(staleAfterSeconds, queuedStaleAfterSeconds, BATCH);
    for (const row of rows) {
      await this.producer.enqueuePush({ syncJobId: row.id, deliveryId: row.deliveryId }, row.run);
    }
    if (rows.length > 0) this.logger.log(`Re-enqueued ${rows.length} unfinished sync job(s)`);
    return rows.length;
  }
}
