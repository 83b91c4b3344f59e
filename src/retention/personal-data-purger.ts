import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '../common/periodic-task';
import { AppConfigService } from '../config/app-config.service';
import { currentRunSql, pushEmployeeJobId } from '../sync/hire-sync.job';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../sync/hire-sync.queue';
import { QUEUE_REDIS } from '../sync/redis-connection';

const HOUR_MS = 3600_000;

export interface PurgeResult {
  deliveries: number;
  syncJobs: number;
  employees: number;
}

/** Where a due job's personal data can be read from: its mapped record and its delivery's candidate. */
const PERSONAL_VALUES = [
  `r->>'email'`,
  `r->>'phone'`,
  `r->>'firstName'`,
  `r->>'lastName'`,
  `p->>'email'`,
  `p->>'phone'`,
  `p->>'firstname'`,
  `p->>'lastname'`,
];

/** `column` with every personal value of the person replaced: errors and timelines stay readable, minus who. */
function scrubSql(column: string): string {
  // replace() with an empty search string leaves the text as it is, so absent values need no CASE.
  return PERSONAL_VALUES.reduce((sql, value) => `replace(${sql}, coalesce(${value}, ''), '[purged]')`, column);
}

/** Sync jobs due for purging, with the values to scrub: finished, older than $1 days, not purged yet. */
const DUE_JOBS_SQL = `
  due AS (
    SELECT j.id, j.mapped_record AS r, d.payload->'data'->'candidate' AS p
      FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
     WHERE j.data_purged_at IS NULL AND j.status IN ('succeeded', 'failed', 'skipped')
       AND j.created_at < now() - make_interval(days => $1))`;

/**
 * GDPR: every copy of a candidate's personal data older than RETENTION_DAYS goes: raw payloads,
 * mapped records (the job's and the employee's), HRIS answers, and the person's email, phone and
 * names wherever an error or a timeline entry quotes them; finished queue entries go from Redis too.
 * The outcome (status, ids, dates, errors) stays for the history. A hire still being synced keeps its
 * payload, which the worker needs; an employee keeps their record while any of their jobs does.
 */
@Injectable()
export class PersonalDataPurger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PersonalDataPurger.name);
  private readonly task = new PeriodicTask('Retention purge', this.logger, () => this.purge(this.config.retentionDays));

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfigService,
    @Inject(HIRE_SYNC_QUEUE_TOKEN) private readonly queue: HireSyncQueue,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retentionDays > 0) this.task.start(HOUR_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  async purge(retentionDays: number): Promise<PurgeResult> {
    const { result, purgedJobs } = await this.db.transaction(async (tx) => {
      // Attempts and timeline first: they find the due jobs by data_purged_at, which the jobs' update sets.
      await tx.query(
        `WITH ${DUE_JOBS_SQL}
         UPDATE sync_attempts a SET response_excerpt = NULL, error = ${scrubSql('a.error')}
           FROM due WHERE a.sync_job_id = due.id`,
        [retentionDays],
      );
      await tx.query(
        `WITH ${DUE_JOBS_SQL}
         UPDATE sync_job_events e SET detail = ${scrubSql('e.detail')}
           FROM due WHERE e.sync_job_id = due.id AND e.detail IS NOT NULL`,
        [retentionDays],
      );
      // Each UPDATE sits in a CTE so the query answers rows or a plain count.
      const jobs: { id: string; runs: number }[] = await tx.query(
        `WITH ${DUE_JOBS_SQL},
         u AS (UPDATE sync_jobs j SET mapped_record = NULL, last_error = ${scrubSql('j.last_error')}, data_purged_at = now()
                 FROM due WHERE j.id = due.id
               RETURNING j.id)
         SELECT u.id, ${currentRunSql('u.id')} AS runs FROM u`,
        [retentionDays],
      );
      const [employees] = await tx.query(
        `WITH u AS (UPDATE employees e SET record = NULL, record_purged_at = now()
          WHERE e.record IS NOT NULL AND e.updated_at < now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM sync_jobs j WHERE j.employee_id = e.id AND j.data_purged_at IS NULL)
          RETURNING e.id)
         SELECT count(*)::int AS n FROM u`,
        [retentionDays],
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
      const counts: PurgeResult = { deliveries: deliveries.n, syncJobs: jobs.length, employees: employees.n };
      return { result: counts, purgedJobs: jobs };
    });
    await this.removeQueueEntries(purgedJobs, retentionDays);
    if (result.deliveries + result.syncJobs + result.employees > 0) {
      this.logger.log(
        `Purged personal data of ${result.deliveries} deliveries, ${result.syncJobs} sync jobs and ${result.employees} employees`,
      );
    }
    return result;
  }

  /**
   * A finished job's queue entry may quote the HRIS's error (failedReason): Redis keeps failed ones a
   * week. The queue's event stream quotes it too; its entries are trimmed by age (their ids are times).
   */
  private async removeQueueEntries(jobs: { id: string; runs: number }[], retentionDays: number): Promise<void> {
    try {
      for (const job of jobs) {
        for (let run = 0; run <= job.runs; run++) await this.queue.remove(pushEmployeeJobId(job.id, run));
      }
      await this.redis.call('XTRIM', this.queue.keys.events, 'MINID', String(Date.now() - retentionDays * 24 * HOUR_MS));
    } catch (err) {
      // Redis down: Postgres is purged, and Redis trims finished entries itself within a week.
      this.logger.warn(`Could not remove purged jobs from the queue: ${(err as Error).message}`);
    }
  }
}
