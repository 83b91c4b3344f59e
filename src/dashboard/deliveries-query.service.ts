import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';

export interface DeliveryRow {
  id: string;
  receivedAt: Date;
  event: string;
  status: string;
  isHire: boolean;
  companyId: string | null;
  candidateId: string | null;
  applicantId: string | null;
  duplicateOf: string | null;
  candidateName: string | null;
  error: unknown;
  payloadPurgedAt: Date | null;
  syncJobId: string | null;
  syncJobStatus: string | null;
}

/** A row as the list query returns it (snake_case columns). */
interface RawDeliveryRow {
  id: string;
  received_at: Date;
  event: string;
  status: string;
  is_hire: boolean;
  company_id: string | null;
  candidate_id: string | null;
  applicant_id: string | null;
  duplicate_of: string | null;
  candidate_name: string | null;
  error: unknown;
  payload_purged_at: Date | null;
  sync_job_id: string | null;
  sync_job_status: string | null;
}

/** Every webhook delivery, including the ignored, duplicate and rejected ones, newest first. */
@Injectable()
export class DeliveriesQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: ListDeliveriesQuery) {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (query.status) clauses.push(`d.status = ${p(query.status)}`);
    if (query.event) clauses.push(`d.event = ${p(query.event)}`);
    if (query.q) {
      const q = p(query.q);
      clauses.push(`(d.candidate_id = ${q} OR d.applicant_id = ${q} OR d.id::text = ${q})`);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM deliveries d ${where}`, params);
    // A duplicate has no body of its own: its name comes from the original it points at.
    const rows: RawDeliveryRow[] = await this.db.query(
      `SELECT d.id, d.received_at, d.event, d.status, d.is_hire, d.company_id, d.candidate_id, d.applicant_id,
              d.duplicate_of, d.error, d.payload_purged_at, j.id AS sync_job_id, j.status AS sync_job_status,
              NULLIF(concat_ws(' ', COALESCE(d.payload, o.payload)#>>'{data,candidate,firstname}',
                                    COALESCE(d.payload, o.payload)#>>'{data,candidate,lastname}'), '') AS candidate_name
         FROM deliveries d
         LEFT JOIN deliveries o ON o.id = d.duplicate_of
         LEFT JOIN sync_jobs j ON j.delivery_id = d.id
         ${where}
        ORDER BY d.received_at DESC, d.id DESC
        LIMIT ${p(query.pageSize)} OFFSET ${p((query.page - 1) * query.pageSize)}`,
      params,
    );
    const items: DeliveryRow[] = rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      event: r.event,
      status: r.status,
      isHire: r.is_hire,
      companyId: r.company_id,
      candidateId: r.candidate_id,
      applicantId: r.applicant_id,
      duplicateOf: r.duplicate_of,
      candidateName: r.candidate_name,
      error: r.error,
      payloadPurgedAt: r.payload_purged_at,
      syncJobId: r.sync_job_id,
      syncJobStatus: r.sync_job_status,
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async events(): Promise<string[]> {
    const rows: Array<{ event: string }> = await this.db.query(`SELECT DISTINCT event FROM deliveries ORDER BY event LIMIT 50`);
    return rows.map((r) => r.event);
  }
}
