import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { currentRunSql } from './hire-sync.job';
import { SyncJob, SyncJobStatus } from './sync-job.entity';

/** Reads and writes sync job rows: the lifecycle an operator sees. */
@Injectable()
export class SyncJobsService {
  constructor(@InjectRepository(SyncJob) private readonly jobs: Repository<SyncJob>) {}

  /**
   * The queue gave up on the job outside the normal path (stalled too often, or an unexpected
   * error on its last attempt): the row says so instead of looking unfinished. No-op once finished,
   * and when an operator has started another run since (`run` is no longer the current one): the
   * queue's verdict on an old run must not fail the new one, which may well be waiting its turn.
   */
  async failIfUnfinished(id: string, lastError: string, run: number): Promise<boolean> {
    return this.jobs.manager.transaction(async (tx) => {
      // The row lock first, the guard in a statement of its own: under READ COMMITTED that statement's
      // snapshot is taken after a retry holding the lock has committed, so the retry's event counts.
      await tx.query('SELECT 1 FROM sync_jobs WHERE id = $1 FOR UPDATE', [id]);
      return this.transition(
        id,
        'failed',
        {
          set: 'finished_at = now(), last_error = $6',
          guard: `prev.status NOT IN ('succeeded', 'failed', 'skipped') AND ${currentRunSql('prev.id')} = $7`,
          params: [lastError, run],
          detail: lastError,
        },
        tx,
      );
    });
  }

  /**
   * An operator's retry or replay: back to 'queued' (only from one of `from`), recorded on the
   * timeline. Returns the run number for a fresh BullMQ job id, or null when the job was not in
   * one of `from` (already retried, still running, or missing).
   */
  async requeue(
    id: string,
    type: 'retry' | 'replay',
    actor: string,
    from: readonly SyncJobStatus[],
  ): Promise<{ run: number; deliveryId: string } | null> {
    const changed = await this.transition(id, 'queued', {
      set: 'finished_at = NULL',
      guard: 'prev.status = ANY($6::text[])',
      params: [from],
      type,
      actor,
      detail: type === 'replay' ? 'replay from the stored delivery' : 'retry',
    });
    if (!changed) return null;
    const rows: Array<{ run: number; delivery_id: string }> = await this.jobs.query(
      `SELECT ${currentRunSql('$1')} AS run, delivery_id FROM sync_jobs WHERE id = $1`,
      [id],
    );
    return { run: rows[0].run, deliveryId: rows[0].delivery_id };
  }

  /**
   * Sets the status (plus `set`, whose parameters start at $6) and appends the change to
   * sync_job_events in the same statement, so the timeline never disagrees with the row.
   * Plain status events are skipped when the status did not change (a redelivered job).
   */
  private async transition(
    id: string,
    to: SyncJobStatus,
    o: { set?: string; guard?: string; params?: unknown[]; type?: string; actor?: string; detail?: string | null },
    db: Pick<EntityManager, 'query'> = this.jobs.manager,
  ): Promise<boolean> {
    const rows: Array<{ id: string }> = await db.query(
      `WITH prev AS (SELECT id, status FROM sync_jobs WHERE id = $1 FOR UPDATE),
       upd AS (
         UPDATE sync_jobs j SET status = $2, updated_at = now()${o.set ? `, ${o.set}` : ''}
           FROM prev WHERE j.id = prev.id${o.guard ? ` AND ${o.guard}` : ''}
         RETURNING j.id, prev.status AS from_status),
       ev AS (
         INSERT INTO sync_job_events (sync_job_id, type, from_status, to_status, actor, detail)
         SELECT id, $3, from_status, $2, $4, $5 FROM upd WHERE $3 <> 'status' OR from_status IS DISTINCT FROM $2)
       SELECT id FROM upd`,
      [id, to, o.type ?? 'status', o.actor ?? 'worker', o.detail ?? null, ...(o.params ?? [])],
    );
    return rows.length > 0;
  }
}
