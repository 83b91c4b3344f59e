import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AlertsService } from '../alerts/alerts.service';
import { AppConfigService } from '../config/app-config.service';
import { PushEmployeeJobData, runOfJobId } from './hire-sync.job';
import { HireSyncProcessor } from './hire-sync.processor';
import { workerRedisOptions } from './redis-connection';
import { HIRE_SYNC_QUEUE } from './queue.constants';
import { SyncJobsRepository } from './sync-jobs.repository';

/**
 * Runs HireSyncProcessor on the hire-sync queue; only in the `worker` and `all` roles.
 * Not @nestjs/bullmq's @Processor: it closes workers in onApplicationShutdown, the phase in which
 * Postgres closes too, so a job finishing during shutdown could lose its outcome (see below).
 */
@Injectable()
export class HireSyncWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HireSyncWorker.name);
  private worker?: Worker<PushEmployeeJobData>;

  constructor(
    private readonly processor: HireSyncProcessor,
    private readonly syncJobs: SyncJobsRepository,
    private readonly config: AppConfigService,
    private readonly alerts: AlertsService,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<PushEmployeeJobData>(HIRE_SYNC_QUEUE, (job, token) => this.processor.process(job, token), {
      connection: workerRedisOptions(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: this.config.sync.concurrency,
      lockDuration: this.config.sync.lockDurationMs,
      // BullMQ moves a job after two stalled checks; checking twice per lock period keeps a dead
      // worker's job waiting about one to one and a half lock periods.
      stalledInterval: Math.max(500, Math.floor(this.config.sync.lockDurationMs / 2)),
      // A job that stalls this often is more likely crashing workers than unlucky: it fails instead.
      maxStalledCount: 3,
    });
    this.worker.on('error', (err) => this.logger.error(`Worker error: ${err.message}`));
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      this.logger.warn(`Job ${job.id} attempt ${job.attemptsMade} failed: ${err.message}`);
      void this.recordIfGivenUp(job, err);
    });
  }

  /**
   * Stops taking jobs and waits for the active ones to finish. Runs before any connection closes
   * (Postgres closes in the shutdown phase that follows), so a finishing job can still record its outcome.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.worker) return;
    // Says why the process has not exited yet (a slow HRIS call); tests wait for this line too.
    this.logger.log('Worker stopping: finishing the jobs in progress');
    await this.worker.close();
  }

  /**
   * When BullMQ gives up on a job by itself (stalled too often, or an unexpected error on the
   * last attempt) the row must not stay unfinished for ever.
   */
  private async recordIfGivenUp(job: Job<PushEmployeeJobData>, err: Error): Promise<void> {
    try {
      if ((await job.getState()) !== 'failed') return;
      if (await this.syncJobs.failIfUnfinished(job.data.syncJobId, runOfJobId(job.id), err.message)) {
        this.logger.warn(`Sync job ${job.data.syncJobId} marked failed: the queue gave up (${err.message})`);
        this.alerts.hireFailedForGood(job.data.syncJobId);
      }
    } catch (e) {
      this.logger.error(`Could not record that job ${job.id} failed: ${(e as Error).message}`);
    }
  }
}
