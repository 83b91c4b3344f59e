import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../sync/hire-sync.queue';
import { QUEUE_REDIS } from '../sync/redis-connection';
import { SYNC_JOB_STATUSES, SyncJobStatus } from '../sync/sync-job.entity';

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
    @InjectDataSource() private readonly db: DataSource,
    @Inject(HIRE_SYNC_QUEUE_TOKEN) private readonly queue: HireSyncQueue,
    @Inject(QUEUE_REDIS) private readonly redis: IORedis,
  ) {}

  async overview(): Promise<Overview> {
    const [counts, [stats], queue] = await Promise.all([
      this.countByStatus(),
      this.db.query(`
        SELECT
          count(*) FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '24 hours')::int AS synced_24h,
          count(*) FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '7 days')::int AS synced_7d,
          count(*) FILTER (WHERE j.status = 'failed' AND j.finished_at > now() - interval '7 days')::int AS failed_7d,
          count(*) FILTER (WHERE j.status IN ('succeeded', 'failed', 'skipped') AND j.finished_at > now() - interval '7 days')::int AS finished_7d,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.finished_at - d.received_at) * 1000)
            FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '7 days') AS median_ms,
          percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM j.finished_at - d.received_at) * 1000)
            FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '7 days') AS p95_ms
        FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
        WHERE j.finished_at > now() - interval '7 days'`),
      this.queueState(),
    ]);
    const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
    return {
      at: new Date(),
      counts,
      total: Object.values(counts).reduce((sum, n) => sum + n, 0),
      synced24h: stats.synced_24h,
      synced7d: stats.synced_7d,
      finished7d: stats.finished_7d,
      failureRate7d: stats.finished_7d > 0 ? stats.failed_7d / stats.finished_7d : null,
      latencyMs: { median: round(stats.median_ms), p95: round(stats.p95_ms) },
      queue,
    };
  }

  /** Sync jobs by current status, every status present (0 when none). */
  async countByStatus(): Promise<Record<SyncJobStatus, number>> {
    const rows: Array<{ status: SyncJobStatus; n: number }> = await this.db.query(
      `SELECT status, count(*)::int AS n FROM sync_jobs GROUP BY status`,
    );
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
