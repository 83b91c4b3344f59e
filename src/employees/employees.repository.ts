import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { pgPoolOf } from '../database/pg-pool';
import { Employee } from './employee.entity';
import type { EmployeeKey } from './employee-key';

export interface KnownEmployee {
  id: string;
  hrisId: string | null;
}

/** Placeholders (e.g. '$4') of the values `upsertEmployeeSql` writes. */
export interface EmployeeUpsertParams {
  companyId: string;
  candidateId: string;
  externalId: string;
  /** jsonb text of the mapped record. */
  record: string;
  hrisSystem: string;
  /** The HRIS's id for the person, or NULL while the HRIS does not have them. */
  hrisId: string;
}

/**
 * The employee row of a person the HRIS was called about, as a statement for a CTE (RETURNING id):
 * the worker writes it in the same statement as the attempt (see SyncJobsRepository.recordAttempt),
 * so this table's text stays here while the write stays atomic. Created on the first hire, unique
 * per company + candidate so concurrent hires meet on one row; the record refreshed only while the
 * HRIS does not have them.
 */
export function upsertEmployeeSql(p: EmployeeUpsertParams): string {
  return `
    INSERT INTO employees (company_id, candidate_id, external_id, record, hris_system, hris_id, hris_synced_at)
    VALUES (${p.companyId}, ${p.candidateId}, ${p.externalId}, ${p.record}::jsonb, ${p.hrisSystem}, ${p.hrisId}::text,
            CASE WHEN ${p.hrisId}::text IS NULL THEN NULL ELSE now() END)
    ON CONFLICT (company_id, candidate_id) DO UPDATE
      SET record = CASE WHEN employees.hris_id IS NULL THEN EXCLUDED.record ELSE employees.record END,
          record_purged_at = CASE WHEN employees.hris_id IS NULL THEN NULL ELSE employees.record_purged_at END,
          hris_id = COALESCE(EXCLUDED.hris_id, employees.hris_id),
          hris_synced_at = COALESCE(EXCLUDED.hris_synced_at, employees.hris_synced_at),
          updated_at = now()
    RETURNING id`;
}

const FIND_BY_KEY_SQL = `SELECT id, hris_id FROM employees WHERE company_id = $1 AND candidate_id = $2`;

/** Every statement on `employees` (but the worker's upsert, written by upsertEmployeeSql above). */
@Injectable()
export class EmployeesRepository {
  private readonly pool: Pool;

  constructor(
    @InjectDataSource() db: DataSource,
    @InjectRepository(Employee) private readonly repo: Repository<Employee>,
  ) {
    this.pool = pgPoolOf(db);
  }

  async list(page: number, pageSize: number): Promise<{ items: Employee[]; total: number }> {
    const [items, total] = await this.repo.findAndCount({
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  /** The worker's path (named, so prepared once per pooled connection). */
  async findByKey(key: EmployeeKey): Promise<KnownEmployee | null> {
    const { rows } = await this.pool.query<{ id: string; hris_id: string | null }>({
      name: 'employees-find-by-key',
      text: FIND_BY_KEY_SQL,
      values: [key.companyId, key.candidateId],
    });
    return rows[0] ? { id: rows[0].id, hrisId: rows[0].hris_id } : null;
  }

  /**
   * Retention: empties the records of people untouched for `retentionDays` whose every job was
   * purged already (`hasUnpurgedJobSql` tells, given the employee id's SQL). Returns how many.
   */
  async purgeRecords(tx: EntityManager, retentionDays: number, hasUnpurgedJobSql: (employeeIdSql: string) => string): Promise<number> {
    const [row] = await tx.query(
      `WITH u AS (UPDATE employees e SET record = NULL, record_purged_at = now()
        WHERE e.record IS NOT NULL AND e.updated_at < now() - make_interval(days => $1)
          AND NOT ${hasUnpurgedJobSql('e.id')}
        RETURNING e.id)
       SELECT count(*)::int AS n FROM u`,
      [retentionDays],
    );
    return row.n;
  }
}
