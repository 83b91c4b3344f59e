import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { flatchrAccessOf } from '../../connections/flatchr-access';
import type { ResolvedConnection } from '../../connections/resolved-connection';
import { FLATCHR_WRITE_BACK_JOBS } from '../../sync/queue.constants';
import { SyncJobsRepository } from '../../sync/sync-jobs.repository';
import { FLATCHR_WRITE_BACK_QUEUE_TOKEN, FlatchrWriteBackQueue, writeBackJobId } from './flatchr-write-back.queue';

/** Tries per write-back; the back-off doubles from SYNC_BACKOFF_MS, so the default 2 s covers about 4.5 hours of Flatchr outage. */
export const WRITE_BACK_ATTEMPTS = 14;

/** Asks for the write-back of a synced hire when its connection wants one (settings.flatchrWriteBack). */
@Injectable()
export class FlatchrWriteBackProducer {
  private readonly logger = new Logger('Flatchr');

  constructor(
    @Inject(FLATCHR_WRITE_BACK_QUEUE_TOKEN) private readonly queue: FlatchrWriteBackQueue,
    private readonly syncJobs: SyncJobsRepository,
    private readonly config: AppConfigService,
  ) {}

  /** Never throws: the hire is synced whatever happens to its note. */
  async afterSync(connection: ResolvedConnection, syncJobId: string): Promise<void> {
    const access = flatchrAccessOf(connection);
    if (!access || access.writeBack === 'off') return;
    try {
      // Not again for a job written back already (an operator's replay).
      if (!(await this.syncJobs.recordWriteBack(syncJobId, 'pending', null, 'done'))) return;
      await this.enqueue(syncJobId);
    } catch (err) {
      this.logger.warn(`Write-back of sync job ${syncJobId} not queued yet: ${(err as Error).message}`);
    }
  }

  /**
   * Idempotent: BullMQ ignores a job id it holds (the write-back sweep re-adds lost ones). A failed one
   * is removed first, so a write-back asked again (an operator's replay) runs again.
   */
  async enqueue(syncJobId: string): Promise<void> {
    const previous = await this.queue.getJob(writeBackJobId(syncJobId));
    if (previous && (await previous.isFailed())) await previous.remove();
    await this.queue.add(
      FLATCHR_WRITE_BACK_JOBS.WRITE_BACK,
      { syncJobId },
      {
        jobId: writeBackJobId(syncJobId),
        attempts: WRITE_BACK_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.sync.backoffMs, jitter: 0.5 },
        removeOnComplete: { age: 24 * 3600, count: 1000 },
        removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
      },
    );
  }
}
