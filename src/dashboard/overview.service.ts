import { Inject, Injectable } from '@nestjs/common';
import IORedis from 'ioredis';
import { withTimeout } from '../common/with-timeout';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../sync/hire-sync.queue';
import { QUEUE_REDIS } from '../sync/redis-connection';
import { SYNC_JOB_STATUSES, SyncJobStatus } from '../sync/sync-job-status';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';

/** Redis calls for the overview give up quickly: a page must not hang because Redis does. */
const REDIS_TIMEOUT_MS = 1000;

/** BullMQ 6 has no `paused` state: jobs of a paused queue stay in `waiting`. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

export interface QueueState {
  available: boolean;
  counts: Partial<Record<(typeof QUEUE_STATES)[number], number>>;
  /** Jobs waiting to run (waiting + delayed + prioritized). */
  depth: number | null;
  workers: number | null;
  error?: string;
}

export interface Overview {
  at: Date;
  counts: Record<SyncJobStatus, number>;
  total: number;
  synced24h: number;
  synced7d: number;
  /** Failed / finished, over jobs finished in the last 7 days; null when none finished. */
  failureRate7d: number | null;
  finished7d: number;
  /** Webhook received → SIRH answered, for jobs that succeeded in the last 7 days. */
  latencyMs: { median: number | null; p95: number | null };
  queue: QueueState;
}

/** The numbers at the top of the dashboard (and, in part, of /metrics). */
@Injectable()
export class OverviewService {
  constructor(
    private readonly jobs: SyncJobsRepository,
    @Inject(HIRE_SYNC_QUEUE_TOKEN) private readonly queue: HireSyncQueue,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
  ) {}

  async overview(): Promise<Overview> {
    const [counts, stats, queue] = await Promise.all([this.countByStatus(), this.jobs.stats(), this.queueState()]);
    return {
      at: new Date(),
      counts,
      total: Object.values(counts).reduce((sum, n) => sum + n, 0),
      synced24h: stats.synced24h,
      synced7d: stats.synced7d,
      finished7d: stats.finished7d,
      failureRate7d: stats.finished7d > 0 ? stats.failed7d / stats.finished7d : null,
      latencyMs: { median: stats.medianMs, p95: stats.p95Ms },
      queue,
    };
  }

  /** Sync jobs by current status, every status present (0 when none). */
  async countByStatus(): Promise<Record<SyncJobStatus, number>> {
    const rows = await this.jobs.countByStatus();
    const counts = Object.fromEntries(SYNC_JOB_STATUSES.map((s) => [s, 0])) as Record<SyncJobStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async queueState(): Promise<QueueState> {
    if (this.redis.status !== 'ready') {
      return { available: false, counts: {}, depth: null, workers: null, error: `Redis is ${this.redis.status}` };
    }
    try {
      const [counts, workers] = await withTimeout(
        Promise.all([this.queue.getJobCounts(...QUEUE_STATES), this.queue.getWorkersCount()]),
        REDIS_TIMEOUT_MS,
      );
      const depth = (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
      return { available: true, counts, depth, workers };
    } catch (err) {
      return { available: false, counts: {}, depth: null, workers: null, error: (err as Error).message };
    }
  }
}
