import { Injectable } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { PushEmployeeJobData } from './hire-sync.job';
import { HireSyncService } from './hire-sync.service';
import { HIRE_SYNC_JOBS, HIRE_SYNC_QUEUE } from './queue.constants';

/** Thin: translates HireSyncService's outcome into what BullMQ understands. */
@Injectable()
export class HireSyncProcessor {
  constructor(private readonly sync: HireSyncService) {}

  async process(job: Job<PushEmployeeJobData>, token?: string): Promise<{ status: string; hrisId: string | null }> {
    if (job.name !== HIRE_SYNC_JOBS.PUSH_EMPLOYEE) {
      throw new UnrecoverableError(`no handler for job "${job.name}" on queue ${HIRE_SYNC_QUEUE}`);
    }
    const maxAttempts = job.opts.attempts ?? 1;
    const correlationId = job.data.correlationId ?? job.data.deliveryId;
    const outcome = await this.sync.run(job.data.syncJobId, job.attemptsMade + 1 >= maxAttempts, correlationId);
    if (outcome.kind === 'done') return { status: outcome.status, hrisId: outcome.hrisId };

    const { failure } = outcome;
    if (failure.kind === 'rate_limited') {
      // Waiting out a 429 is not a failed attempt: the job is parked, attemptsMade unchanged.
      await job.moveToDelayed(Date.now() + failure.waitMs, token);
      throw new DelayedError(`rate limited by the HRIS, retrying in ${failure.waitMs} ms`);
    }
    if (outcome.final && failure.kind === 'permanent') throw new UnrecoverableError(failure.reason);
    throw new Error(failure.reason);
  }
}
