import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SyncJob } from './sync-job.entity';

export const SYNC_JOB_EVENT_TYPES = ['status', 'retry', 'replay', 'warning', 'write_back'] as const;
export type SyncJobEventType = (typeof SYNC_JOB_EVENT_TYPES)[number];

/** One entry of a sync job's timeline: a status change, an operator's retry or replay, a warning, or the Flatchr write-back. */
@Entity({ name: 'sync_job_events' })
@Index('IDX_sync_job_events_job', ['syncJobId', 'at'])
export class SyncJobEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_sync_job_events' })
  id: string;

  @Column({ name: 'sync_job_id', type: 'uuid' })
  syncJobId: string;

  @ManyToOne(() => SyncJob, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sync_job_id', foreignKeyConstraintName: 'FK_sync_job_events_job' })
  syncJob?: SyncJob;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'text' })
  type: SyncJobEventType;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus: string | null;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text', nullable: true })
  detail: string | null;
}
