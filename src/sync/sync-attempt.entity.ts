import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { HrisFieldError } from '../hris/hris-failure';
import { SyncJob } from './sync-job.entity';

export const SYNC_ATTEMPT_OUTCOMES = ['succeeded', 'retryable', 'rate_limited', 'permanent'] as const;
export type SyncAttemptOutcome = (typeof SYNC_ATTEMPT_OUTCOMES)[number];

/** One call to the HRIS for a sync job, successful or not. */
@Entity({ name: 'sync_attempts' })
@Index('IDX_sync_attempts_job', ['syncJobId', 'attemptNo'])
export class SyncAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_sync_attempts' })
  id: string;

  @Column({ name: 'sync_job_id', type: 'uuid' })
  syncJobId: string;

  @ManyToOne(() => SyncJob, (j) => j.attempts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sync_job_id', foreignKeyConstraintName: 'FK_sync_attempts_job' })
  syncJob?: SyncJob;

  @Column({ name: 'attempt_no', type: 'int' })
  attemptNo: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'text' })
  outcome: SyncAttemptOutcome;

  @Column({ name: 'response_excerpt', type: 'text', nullable: true })
  responseExcerpt: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The fields the HRIS refused, as it named them; null when it named none. */
  @Column({ name: 'field_errors', type: 'jsonb', nullable: true })
  fieldErrors: HrisFieldError[] | null;
}
