import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Connection } from '../../connections/connection.entity';

export const BACKFILL_STATUSES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

/** Every hire since a day, asked of Flatchr's API for one connection; its counts grow as it runs. */
@Entity({ name: 'flatchr_backfills' })
@Index('IDX_flatchr_backfills_connection', ['connectionId', 'createdAt'])
@Index('IDX_flatchr_backfills_status', ['status'])
@Check('CHK_flatchr_backfills_status', `"status" IN (${BACKFILL_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class FlatchrBackfill {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_flatchr_backfills' })
  id: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId: string;

  @ManyToOne(() => Connection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connection_id', foreignKeyConstraintName: 'FK_flatchr_backfills_connection' })
  connection?: Connection;

  /** YYYY-MM-DD. */
  @Column({ type: 'date' })
  since: string;

  @Column({ type: 'text', default: 'pending' })
  status: BackfillStatus;

  /** Hired applicants Flatchr returned. */
  @Column({ type: 'int', default: 0 })
  found: number;

  /** Of those, the ones that became a sync job. */
  @Column({ type: 'int', default: 0 })
  created: number;

  /** Already known (a webhook or an earlier run brought them). */
  @Column({ type: 'int', default: 0 })
  duplicates: number;

  /** Not usable as a hire (no candidate id, no name...) or not stored. */
  @Column({ type: 'int', default: 0 })
  failed: number;

  /** The last day whose search window is fully handled: a restart resumes after it. */
  @Column({ name: 'done_until', type: 'date', nullable: true })
  doneUntil: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  /** Set by the process running it, refreshed as it goes: a stale one is taken over. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
