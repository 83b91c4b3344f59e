import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '../common/periodic-task';
import { AppConfigService } from '../config/app-config.service';
import { currentRunSql } from './hire-sync.job';
import { HireSyncProducer } from './hire-sync.producer';

/**
 * A 'queued' row this old may have missed the queue (stored while Redis was down); it may as well
 * be waiting its turn or in the middle of its run, since the worker writes the row only once the
 * HRIS has answered. Rows between attempts ('retrying'; 'running' is left by older versions) get
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
    @InjectDataSource() private readonly db: DataSource,
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
    // The current run, as the dashboard counts it, so the job id re-added is the one in use.
    const rows: Array<{ id: string; delivery_id: string; run: number }> = await this.db.query(
      `SELECT j.id, j.delivery_id, ${currentRunSql('j.id')} AS run
         FROM sync_jobs j
        WHERE (j.status = 'queued' AND j.updated_at < now() - make_interval(secs => $3))
           OR (j.status IN ('running', 'retrying') AND j.updated_at < now() - make_interval(secs => $1))
        ORDER BY j.created_at LIMIT $2`,
      [staleAfterSeconds, BATCH, queuedStaleAfterSeconds],
    );
    for (const row of rows) {
      await this.producer.enqueuePush({ syncJobId: row.id, deliveryId: row.delivery_id }, row.run);
    }
    if (rows.length > 0) this.logger.log(`Re-enqueued ${rows.length} unfinished sync job(s)`);
    return rows.length;
  }
}
