import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { EmployeeRecord } from '../mapping/employee-record';
import { Employee } from './employee.entity';

@Injectable()
export class EmployeesService {
  constructor(@InjectRepository(Employee) private readonly repo: Repository<Employee>) {}

  /**
   * The employee for this person, created on their first hire. Concurrent hires of the same
   * person meet on the unique (company, candidate) key, so exactly one row ever exists.
   * The record is refreshed only while the HRIS has not got the person yet.
   */
  async upsertForHire(record: EmployeeRecord, hrisSystem: string): Promise<Employee> {
    const companyId = String(record.source.companyId);
    const candidateId = String(record.source.candidateId);
    await this.repo.query(
      `INSERT INTO employees (company_id, candidate_id, external_id, record, hris_system)
       VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (company_id, candidate_id) DO UPDATE
         SET record = CASE WHEN employees.hris_id IS NULL THEN EXCLUDED.record ELSE employees.record END,
             updated_at = now()`,
      [companyId, candidateId, record.externalId, JSON.stringify(record), hrisSystem],
    );
    return this.repo.findOneByOrFail({ companyId, candidateId });
  }

  async markSynced(employeeId: string, hrisId: string): Promise<void> {
    await this.repo.update({ id: employeeId }, { hrisId, hrisSyncedAt: new Date() });
  }

  async list(page: number, pageSize: number): Promise<{ items: Employee[]; total: number }> {
    const [items, total] = await this.repo.findAndCount({
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }
}
