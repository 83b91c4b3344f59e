import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '../common/periodic-task';
import { AppConfigService } from '../config/app-config.service';
import { EmployeesRepository } from '../employees/employees.repository';
import { pushEmployeeJobId } from '../sync/hire-sync.job';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../sync/hire-sync.queue';
import { QUEUE_REDIS } from '../sync/redis-connection';
import { JobRun, SyncJobsRepository, unfinishedJobOfDeliverySql, unpurgedJobOfEmployeeSql } from '../sync/sync-jobs.repository';
import { DeliveriesRepository } from '../webhooks/deliveries.repository';

const HOUR_MS = 3600_000;

export interface PurgeResult {
  deliveries: number;
  syncJobs: number;
  employees: number;
}

/**
 * GDPR: every copy of a candidate's personal data older than RETENTION_DAYS goes: raw payloads,
 * mapped records (the job's and the employee's), the deliveries' name and email columns, HRIS answers,
 * and the person's email, phone and names wherever an error or a timeline entry quotes them; finished
 * queue entries go from Redis too.
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
    private readonly syncJobs: SyncJobsRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly employees: EmployeesRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retentionDays > 0) this.task.start(HOUR_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  async purge(retentionDays: number): Promise<PurgeResult> {
    const { result, purgedJobs } = await this.db.transaction(async (tx) => {
      // Jobs first: they read the values to scrub from the deliveries, which are purged next.
      const jobs = await this.syncJobs.purgePersonalData(tx, retentionDays);
      const employees = await this.employees.purgeRecords(tx, retentionDays, unpurgedJobOfEmployeeSql);
      // A hire still being synced keeps its body, which the worker needs.
      const deliveries = await this.deliveries.purgePersonalData(tx, retentionDays, unfinishedJobOfDeliverySql);
      const counts: PurgeResult = { deliveries, syncJobs: jobs.length, employees };
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
  private async removeQueueEntries(jobs: JobRun[], retentionDays: number): Promise<void> {
    try {
      for (const job of jobs) {
        for (let run = 0; run <= job.run; run++) await this.queue.remove(pushEmployeeJobId(job.id, run));
      }
      await this.redis.call('XTRIM', this.queue.keys.events, 'MINID', String(Date.now() - retentionDays * 24 * HOUR_MS));
    } catch (err) {
      // Redis down: Postgres is purged, and Redis trims finished entries itself within a week.
      this.logger.warn(`Could not remove purged jobs from the queue: ${(err as Error).message}`);
    }
  }
}
