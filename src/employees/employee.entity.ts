import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { EmployeeRecord } from './employee-record';

/** One person hired in one Flatchr company: created once, however often they are (re)hired. */
@Entity({ name: 'employees' })
@Unique('UQ_employees_company_candidate', ['companyId', 'candidateId'])
export class Employee {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_employees' })
  id: string;

  @Column({ name: 'company_id', type: 'text' })
  companyId: string;

  @Column({ name: 'candidate_id', type: 'text' })
  candidateId: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  /** The canonical record last mapped for this person; null once purged (RETENTION_DAYS). */
  @Column({ type: 'jsonb', nullable: true })
  record: EmployeeRecord | null;

  @Column({ name: 'record_purged_at', type: 'timestamptz', nullable: true })
  recordPurgedAt: Date | null;

  @Column({ name: 'hris_system', type: 'text' })
  hrisSystem: string;

  @Column({ name: 'hris_id', type: 'text', nullable: true })
  hrisId: string | null;

  @Column({ name: 'hris_synced_at', type: 'timestamptz', nullable: true })
  hrisSyncedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
