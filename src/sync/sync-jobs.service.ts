import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { EmployeeRecord } from '../mapping/employee-record';
import { SyncAttempt, SyncAttemptOutcome } from './sync-attempt.entity';
import { SyncJob, SyncJobStatus } from './sync-job.entity';

export interface AttemptRecord {
  startedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  outcome: SyncAttemptOutcome;
  responseExcerpt: string | null;
  error: string | null;
}

/** Reads and writes sync job rows: the lifecycle an operator sees. */
@Injectable()
export class SyncJobsService {
  constructor(
    @InjectRepository(SyncJob) private readonly jobs: Repository<SyncJob>,
    @InjectRepository(SyncAttempt) private readonly attempts: Repository<SyncAttempt>,
  ) {}

  /** The job with the delivery body it was created from. */
  async loadWithPayload(id: string): Promise<{ job: SyncJob; payload: unknown } | null> {
    const job = await this.jobs.findOne({ where: { id }, relations: { delivery: true } });
    if (!job) return null;
    return { job, payload: job.delivery?.payload };
  }

  async markRunning(id: string): Promise<void> {
    await this.jobs.query(
      `UPDATE sync_jobs SET status = 'running', started_at = COALESCE(started_at, now()), updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  async attachEmployee(id: string, employeeId: string, record: EmployeeRecord, idempotencyKey: string): Promise<void> {
    await this.jobs.update({ id }, { employeeId, mappedRecord: record, idempotencyKey });
  }

  /** Appends one attempt and counts it on the job, atomically. */
  async recordAttempt(id: string, a: AttemptRecord): Promise<void> {
    await this.jobs.query(
      `WITH j AS (UPDATE sync_jobs SET attempt_count = attempt_count + 1, updated_at = now() WHERE id = $1 RETURNING attempt_count)
       INSERT INTO sync_attempts (sync_job_id, attempt_no, started_at, duration_ms, http_status, outcome, response_excerpt, error)
       SELECT $1, attempt_count, $2, $3, $4, $5, $6, $7 FROM j`,
      [id, a.startedAt, a.durationMs, a.httpStatus, a.outcome, a.responseExcerpt, a.error],
    );
  }

  async finish(
    id: string,
    status: Extract<SyncJobStatus, 'succeeded' | 'failed' | 'skipped'>,
    fields: { hrisId?: string | null; lastError?: string | null } = {},
  ): Promise<void> {
    await this.jobs.update(
      { id },
      { status, finishedAt: new Date(), ...('hrisId' in fields ? { hrisId: fields.hrisId } : {}), lastError: fields.lastError ?? null },
    );
  }

  async markRetrying(id: string, lastError: string): Promise<void> {
    await this.jobs.update({ id }, { status: 'retrying', lastError });
  }

  async findAttempts(id: string): Promise<SyncAttempt[]> {
    return this.attempts.find({ where: { syncJobId: id }, order: { attemptNo: 'ASC' } });
  }
}
