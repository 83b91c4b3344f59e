import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '../common/periodic-task';
import { AppConfigService } from '../config/app-config.service';

const HOUR_MS = 3600_000;

export interface PurgeResult {
  deliveries: number;
  syncJobs: number;
}

/**
 * GDPR: raw candidate payloads, mapped records and HRIS answers older than RETENTION_DAYS are
 * removed; the outcome (status, ids, dates, errors) stays for the history. A hire still being
 * synced keeps its payload, which the worker needs.
 */
@Injectable()
export class PersonalDataPurger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PersonalDataPurger.name);
  private readonly task = new PeriodicTask('Retention purge', this.logger, () =>
    this.purge(this.config.retentionDays),
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfigService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retentionDays > 0) this.task.start(HOUR_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  async purge(retentionDays: number): Promise<PurgeResult> {
    return this.db.transaction(async (tx) => {
      // Each UPDATE sits in a CTE so the query answers a plain count.
      const [jobs] = await tx.query(
        `WITH u AS (UPDATE sync_jobs SET mapped_record = NULL, data_purged_at = now()
          WHERE data_purged_at IS NULL AND status IN ('succeeded', 'failed', 'skipped')
            AND created_at < now() - make_interval(days => $1)
          RETURNING id)
         SELECT count(*)::int AS n FROM u`,
        [retentionDays],
      );
      await tx.query(
        `UPDATE sync_attempts SET response_excerpt = NULL
          WHERE response_excerpt IS NOT NULL AND sync_job_id IN (
            SELECT id FROM sync_jobs WHERE data_purged_at IS NOT NULL)`,
      );
      const [deliveries] = await tx.query(
        `WITH u AS (UPDATE deliveries d SET payload = NULL, payload_purged_at = now()
          WHERE d.payload IS NOT NULL AND d.received_at < now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM sync_jobs j WHERE j.delivery_id = d.id
                            AND j.status NOT IN ('succeeded', 'failed', 'skipped'))
          RETURNING d.id)
         SELECT count(*)::int AS n FROM u`,
        [retentionDays],
      );
      const result: PurgeResult = { deliveries: deliveries.n, syncJobs: jobs.n };
      if (result.deliveries + result.syncJobs > 0) {
        this.logger.log(`Purged personal data of ${result.deliveries} deliveries and ${result.syncJobs} sync jobs`);
      }
      return result;
    });
  }
}
