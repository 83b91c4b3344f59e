import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { pgPoolOf } from '../database/pg-pool';
import type { EmployeeRecord } from '../mapping/employee-record';
import type { SyncJobStatus } from './sync-job.entity';

export interface ClaimedJob {
  /** Status before the claim; 'succeeded' or 'skipped' mean the job was left alone. */
  previousStatus: SyncJobStatus;
  hrisId: string | null;
  payload: unknown;
}

export interface SuccessfulAttempt {
  startedAt: Date;
  durationMs: number;
  httpStatus: number;
  responseExcerpt: string | null;
}

/**
 * The worker's hot path, one statement per step (claim, employee, success) instead of one per
 * table: a hire costs three round trips to Postgres besides the HRIS call. Each statement also
 * writes the timeline event of the status it sets, like SyncJobsService does.
 */
@Injectable()
export class HireSyncStore {
  private readonly pool: Pool;

  constructor(@InjectDataSource() db: DataSource) {
    this.pool = pgPoolOf(db);
  }

  /** Marks the job running (unless already finished) and returns it with its delivery's body; null when missing. */
  async claim(syncJobId: string): Promise<ClaimedJob | null> {
    const { rows } = await this.pool.query<{ status: SyncJobStatus; hris_id: string | null; payload: unknown }>(
      `WITH prev AS (SELECT id, status, delivery_id, hris_id FROM sync_jobs WHERE id = $1 FOR UPDATE),
       upd AS (
         UPDATE sync_jobs j SET status = 'running', started_at = COALESCE(j.started_at, now()), updated_at = now()
           FROM prev WHERE j.id = prev.id AND prev.status NOT IN ('succeeded', 'skipped')
         RETURNING j.id, prev.status AS from_status),
       ev AS (
         INSERT INTO sync_job_events (sync_job_id, type, from_status, to_status, actor, detail)
         SELECT id, 'status', from_status, 'running', 'worker', NULL FROM upd WHERE from_status <> 'running')
       SELECT prev.status, prev.hris_id, d.payload FROM prev JOIN deliveries d ON d.id = prev.delivery_id`,
      [syncJobId],
    );
    if (rows.length === 0) return null;
    return { previousStatus: rows[0].status, hrisId: rows[0].hris_id, payload: rows[0].payload };
  }

  /**
   * The person's employee row, created on their first hire (unique per company + candidate, so
   * concurrent hires meet on one row), attached to the job with what will be sent. The record is
   * refreshed only while the HRIS does not have the person yet.
   */
  async attachEmployee(
    syncJobId: string,
    record: EmployeeRecord,
    hrisSystem: string,
    idempotencyKey: string,
  ): Promise<{ employeeId: string; hrisId: string | null }> {
    const { rows } = await this.pool.query<{ id: string; hris_id: string | null }>(
      `WITH up AS (
         INSERT INTO employees (company_id, candidate_id, external_id, record, hris_system)
         VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (company_id, candidate_id) DO UPDATE
           SET record = CASE WHEN employees.hris_id IS NULL THEN EXCLUDED.record ELSE employees.record END,
               updated_at = now()
         RETURNING id, hris_id),
       att AS (
         UPDATE sync_jobs SET employee_id = up.id, mapped_record = $4::jsonb, idempotency_key = $6, updated_at = now()
           FROM up WHERE sync_jobs.id = $7)
       SELECT id, hris_id FROM up`,
      [
        String(record.source.companyId),
        String(record.source.candidateId),
        record.externalId,
        JSON.stringify(record),
        hrisSystem,
        idempotencyKey,
        syncJobId,
      ],
    );
    return { employeeId: rows[0].id, hrisId: rows[0].hris_id };
  }

  /** Records the successful attempt, the HRIS id on the employee and the job, and the job's end, atomically. */
  async recordSuccess(syncJobId: string, employeeId: string, hrisId: string, attempt: SuccessfulAttempt): Promise<void> {
    await this.pool.query(
      `WITH prev AS (SELECT id, status FROM sync_jobs WHERE id = $1 FOR UPDATE),
       j AS (
         UPDATE sync_jobs s SET attempt_count = s.attempt_count + 1, status = 'succeeded', finished_at = now(),
                hris_id = $2, last_error = NULL, updated_at = now()
           FROM prev WHERE s.id = prev.id
         RETURNING s.id, s.attempt_count, prev.status AS from_status),
       a AS (
         INSERT INTO sync_attempts (sync_job_id, attempt_no, started_at, duration_ms, http_status, outcome, response_excerpt, error)
         SELECT id, attempt_count, $3, $4, $5, 'succeeded', $6, NULL FROM j),
       e AS (UPDATE employees SET hris_id = $2, hris_synced_at = now(), updated_at = now() WHERE id = $7),
       ev AS (
         INSERT INTO sync_job_events (sync_job_id, type, from_status, to_status, actor, detail)
         SELECT id, 'status', from_status, 'succeeded', 'worker', $8 FROM j)
       SELECT attempt_count FROM j`,
      [
        syncJobId,
        hrisId,
        attempt.startedAt,
        attempt.durationMs,
        attempt.httpStatus,
        attempt.responseExcerpt,
        employeeId,
        `SIRH id ${hrisId}`,
      ],
    );
  }
}
