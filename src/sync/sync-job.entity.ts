import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Employee } from '../employees/employee.entity';
import { Delivery } from '../webhooks/delivery.entity';
import type { EmployeeRecord } from '../employees/employee-record';
import { PUSH_OUTCOME_KINDS, PushOutcomeKind } from '../hris/hris-connector';
import { SyncAttempt } from './sync-attempt.entity';
import { SYNC_JOB_STATUSES, SyncJobStatus } from './sync-job-status';

/** How a hire came: Flatchr's webhook, or Flatchr's REST API (catch-up and backfill). */
export const SYNC_JOB_SOURCES = ['webhook', 'flatchr-api'] as const;
export type SyncJobSource = (typeof SYNC_JOB_SOURCES)[number];

/** The note left on the applicant in Flatchr once the hire is synced (null: none asked). */
export const WRITE_BACK_STATUSES = ['pending', 'done', 'failed'] as const;
export type WriteBackStatus = (typeof WRITE_BACK_STATUSES)[number];

/** One hire to push to the HRIS: created with its delivery, in the same statement. */
@Entity({ name: 'sync_jobs' })
@Index('IDX_sync_jobs_status_created', ['status', 'createdAt'])
@Index('IDX_sync_jobs_created', ['createdAt'])
@Index('IDX_sync_jobs_hris_id', ['hrisId'])
@Index('IDX_sync_jobs_connection', ['connectionId', 'finishedAt'])
// Partial (write_back_status = 'pending'): the migration owns it.
@Index('IDX_sync_jobs_write_back_pending', { synchronize: false })
@Check('CHK_sync_jobs_outcome', `"outcome" IS NULL OR "outcome" IN (${PUSH_OUTCOME_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Check('CHK_sync_jobs_source', `"source" IN (${SYNC_JOB_SOURCES.map((s) => `'${s}'`).join(', ')})`)
@Check(
  'CHK_sync_jobs_write_back_status',
  `"write_back_status" IS NULL OR "write_back_status" IN (${WRITE_BACK_STATUSES.map((s) => `'${s}'`).join(', ')})`,
)
@Check('CHK_sync_jobs_status', `"status" IN (${SYNC_JOB_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class SyncJob {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_sync_jobs' })
  id: string;

  @Index('UQ_sync_jobs_delivery', { unique: true })
  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => Delivery, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'FK_sync_jobs_delivery' })
  delivery?: Delivery;

  @Column({ name: 'employee_id', type: 'uuid', nullable: true })
  employeeId: string | null;

  @ManyToOne(() => Employee, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'employee_id', foreignKeyConstraintName: 'FK_sync_jobs_employee' })
  employee?: Employee;

  @Column({ type: 'text' })
  status: SyncJobStatus;

  @Column({ name: 'hris_system', type: 'text' })
  hrisSystem: string;

  @Column({ name: 'hris_id', type: 'text', nullable: true })
  hrisId: string | null;

  /** The connection this run uses (a connection id, or `default` for SIRH_BASE_URL); fixed when the run starts. */
  @Column({ name: 'connection_id', type: 'text', nullable: true })
  connectionId: string | null;

  /** What the operator should know although the push succeeded. */
  @Column({ type: 'jsonb', nullable: true })
  notices: string[] | null;

  /** Steps of a multi-call creation done so far (user created, contract created...), by name. */
  @Column({ name: 'push_steps', type: 'jsonb', nullable: true })
  pushSteps: Record<string, { at: string; data: Record<string, string> }> | null;

  /** Flatchr gave no start date: the connection's rule chose one, for HR to confirm. */
  @Column({ name: 'start_date_to_confirm', type: 'boolean', default: false })
  startDateToConfirm: boolean;

  /** What was (or would be) sent to the HRIS. */
  @Column({ name: 'mapped_record', type: 'jsonb', nullable: true })
  mappedRecord: EmployeeRecord | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** Operator retries and replays so far: the BullMQ job id of the current run (see pushEmployeeJobId). */
  @Column({ type: 'int', default: 0 })
  run: number;

  @Column({ name: 'attempt_count', type: 'int', default: 0 })
  attemptCount: number;

  /** How the HRIS took the successful push; null until one succeeded (and for skipped jobs). */
  @Column({ type: 'text', nullable: true })
  outcome: PushOutcomeKind | null;

  /** For a 'linked' outcome: the name the HRIS holds for the person it matched. */
  @Column({ name: 'found_name', type: 'jsonb', nullable: true })
  foundName: { firstName: string | null; lastName: string | null } | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** Set when the retention policy removed the mapped record and HRIS answers (personal data). */
  @Column({ name: 'data_purged_at', type: 'timestamptz', nullable: true })
  dataPurgedAt: Date | null;

  @Column({ type: 'text', default: 'webhook' })
  source: SyncJobSource;

  /** The write-back to Flatchr, apart from the hire's own status: it never fails the hire. */
  @Column({ name: 'write_back_status', type: 'text', nullable: true })
  writeBackStatus: WriteBackStatus | null;

  @Column({ name: 'write_back_detail', type: 'text', nullable: true })
  writeBackDetail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => SyncAttempt, (a) => a.syncJob)
  attempts?: SyncAttempt[];
}
