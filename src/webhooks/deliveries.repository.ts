import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { pgPoolOf } from '../database/pg-pool';
import type { SyncJobSource } from '../sync/sync-job.entity';
import { apiHireDeliverySql, insertJobsForHiresSql } from '../sync/sync-jobs.repository';
import type { DeliveryStatus } from './delivery.entity';
import type { DeliveryReadModel } from './flatchr-delivery.parser';

/** What is stored of every delivery beside its body: the envelope's ids and the operators' columns. */
export interface DeliveryColumns extends DeliveryReadModel {
  event: string;
  companyId: string | null;
  applicantId: string | null;
  candidateId: string | null;
}

/** A delivery seen for the first time, ready to be stored; `payloadJson` is its body as JSON text. */
export interface NewDelivery extends DeliveryColumns {
  dedupeKey: string;
  payloadJson: string;
  isHire: boolean;
}

/** The stored rows, or null when a delivery with the same dedupe key exists already. */
export type WriteOutcome = { deliveryId: string; syncJobId: string | null } | null;

export interface DeliveryFilter {
  status?: string;
  event?: string;
  /** A Flatchr candidate or applicant id, or the delivery's id. */
  q?: string;
}

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
  /** How the HRIS took the job's push (created, existing, linked). */
  syncJobOutcome: string | null;
  /** The column a drag_applicant moved the applicant to (from the stored body; null once purged). */
  columnTitle: string | null;
  columnId: string | null;
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
  sync_job_outcome: string | null;
  column_title: string | null;
  column_id: string | null;
}

const COLUMNS = `event, company_id, applicant_id, candidate_id,
  candidate_first_name, candidate_last_name, candidate_email, vacancy_title, company_name`;

const columnValues = (d: DeliveryColumns) => [
  d.event,
  d.companyId,
  d.applicantId,
  d.candidateId,
  d.candidateFirstName,
  d.candidateLastName,
  d.candidateEmail,
  d.vacancyTitle,
  d.companyName,
];

/**
 * One statement stores a whole batch: each delivery, and for a hire its sync job, so a hire is
 * never stored without its job. Bodies travel as one JSON array (no per-element escaping);
 * ON CONFLICT skips redeliveries, including a second copy inside the same batch (the first wins).
 */
const INSERT_BATCH_SQL = `
  WITH input AS (
    SELECT i.*, p.payload
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[], $11::bool[])
           WITH ORDINALITY AS i(event, company_id, applicant_id, candidate_id,
                                candidate_first_name, candidate_last_name, candidate_email, vacancy_title, company_name,
                                dedupe_key, is_hire, ord)
    JOIN jsonb_array_elements($12::jsonb) WITH ORDINALITY AS p(payload, ord) ON p.ord = i.ord),
  d AS (
    INSERT INTO deliveries (${COLUMNS}, dedupe_key, payload, status, is_hire)
    SELECT ${COLUMNS}, dedupe_key, payload, CASE WHEN is_hire THEN 'queued' ELSE 'ignored' END, is_hire
    FROM input ORDER BY ord
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id, dedupe_key, is_hire),
  j AS (${insertJobsForHiresSql('d', '$13', '$14')})
  SELECT d.id AS delivery_id, d.dedupe_key, j.id AS sync_job_id FROM d LEFT JOIN j ON j.delivery_id = d.id`;

/** The person's columns: personal data, emptied with the body. */
const PERSONAL_COLUMNS = ['candidate_first_name', 'candidate_last_name', 'candidate_email'];

/**
 * Every statement on `deliveries` (the webhook's writes on the pg pool, one pooled query each);
 * the sync job a hire gets in the same statement is written by SyncJobsRepository's fragment.
 */
@Injectable()
export class DeliveriesRepository {
  private readonly pool: Pool;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.pool = pgPoolOf(db);
  }

  /** New deliveries, and a 'queued' sync job for each hire, targeting `hrisSystem`; see INSERT_BATCH_SQL. */
  async insertNew(items: NewDelivery[], hrisSystem: string, source: SyncJobSource = 'webhook'): Promise<WriteOutcome[]> {
    const { rows } = await this.pool.query<{ delivery_id: string; dedupe_key: string; sync_job_id: string | null }>(INSERT_BATCH_SQL, [
      items.map((d) => d.event),
      items.map((d) => d.companyId),
      items.map((d) => d.applicantId),
      items.map((d) => d.candidateId),
      items.map((d) => d.candidateFirstName),
      items.map((d) => d.candidateLastName),
      items.map((d) => d.candidateEmail),
      items.map((d) => d.vacancyTitle),
      items.map((d) => d.companyName),
      items.map((d) => d.dedupeKey),
      items.map((d) => d.isHire),
      `[${items.map((d) => d.payloadJson).join(',')}]`,
      hrisSystem,
      source,
    ]);
    const byKey = new Map(rows.map((r) => [r.dedupe_key, r]));
    return items.map((d) => {
      const row = byKey.get(d.dedupeKey);
      if (!row) return null;
      // A second copy in the same batch is a redelivery of the first.
      byKey.delete(d.dedupeKey);
      return { deliveryId: row.delivery_id, syncJobId: row.sync_job_id };
    });
  }

  /**
   * A redelivery: kept without a body (its original holds the same), pointing at the original, the one
   * with the same dedupe key unless `originalId` names it (a hire Flatchr's API brought first).
   */
  async insertDuplicate(
    d: DeliveryColumns,
    isHire: boolean,
    dedupeKey: string,
    originalId: string | null = null,
  ): Promise<{ id: string; duplicateOf: string | null }> {
    const { rows } = await this.pool.query<{ id: string; duplicate_of: string | null }>(
      `INSERT INTO deliveries (${COLUMNS}, dedupe_key, payload, status, is_hire, duplicate_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, 'duplicate', $10,
               COALESCE($12::uuid, (SELECT id FROM deliveries WHERE dedupe_key = $11)))
       RETURNING id, duplicate_of`,
      [...columnValues(d), isHire, dedupeKey, originalId],
    );
    return { id: rows[0].id, duplicateOf: rows[0].duplicate_of };
  }

  /** A hire that lacks what a hire needs, with the problems found. */
  async insertRejected(d: DeliveryColumns, payloadJson: string, errorJson: string): Promise<string> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO deliveries (${COLUMNS}, dedupe_key, payload, status, is_hire, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10::jsonb, 'rejected', true, $11::jsonb)
       RETURNING id`,
      [...columnValues(d), payloadJson, errorJson],
    );
    return rows[0].id;
  }

  /** Newest first, with the sync job of each hire; reads the columns, never the body. */
  async list(filter: DeliveryFilter, limit: number, offset: number): Promise<{ items: DeliveryRow[]; total: number }> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (filter.status) clauses.push(`d.status = ${p(filter.status)}`);
    if (filter.event) clauses.push(`d.event = ${p(filter.event)}`);
    if (filter.q) {
      const q = p(filter.q);
      clauses.push(`(d.candidate_id = ${q} OR d.applicant_id = ${q} OR d.id::text = ${q})`);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM deliveries d ${where}`, params);
    const rows: RawDeliveryRow[] = await this.db.query(
      `SELECT d.id, d.received_at, d.event, d.status, d.is_hire, d.company_id, d.candidate_id, d.applicant_id,
              d.duplicate_of, d.error, d.payload_purged_at, j.id AS sync_job_id, j.status AS sync_job_status, j.outcome AS sync_job_outcome,
              d.payload #>> '{data,column,title}' AS column_title,
              COALESCE(d.payload #>> '{data,column,id}', d.payload #>> '{data,column_id}') AS column_id,
              NULLIF(concat_ws(' ', d.candidate_first_name, d.candidate_last_name), '') AS candidate_name
         FROM deliveries d
         LEFT JOIN sync_jobs j ON j.delivery_id = d.id
         ${where}
        ORDER BY d.received_at DESC, d.id DESC
        LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
    const items = rows.map((r) => ({
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
      syncJobOutcome: r.sync_job_outcome,
      columnTitle: r.column_title,
      columnId: r.column_id,
    }));
    return { items, total };
  }

  /** Event names seen (at most 50), for the filter. */
  /**
   * The latest webhook delivery's arrival and company, or null when Flatchr never called (the alerts'
   * silence rule). Hires the catch-up stored are not calls: they would hide a webhook that stopped.
   */
  async latest(): Promise<{ receivedAt: Date; company: string | null } | null> {
    const rows: Array<{ received_at: Date; company: string | null }> = await this.db.query(
      `SELECT received_at, COALESCE(company_name, company_id) AS company FROM deliveries d
        WHERE NOT ${apiHireDeliverySql('d.id')} ORDER BY received_at DESC LIMIT 1`,
    );
    return rows[0] ? { receivedAt: rows[0].received_at, company: rows[0].company } : null;
  }

  async eventNames(): Promise<string[]> {
    const rows: Array<{ event: string }> = await this.db.query(`SELECT DISTINCT event FROM deliveries ORDER BY event LIMIT 50`);
    return rows.map((r) => r.event);
  }

  /** Deliveries by event (names outside `knownEvents` counted as 'other') and status. */
  async countByEventAndStatus(knownEvents: string[]): Promise<Array<{ event: string; status: DeliveryStatus; n: number }>> {
    return this.db.query(
      `SELECT CASE WHEN event = ANY($1) THEN event ELSE 'other' END AS event, status, count(*)::int AS n
         FROM deliveries GROUP BY 1, status`,
      [knownEvents],
    );
  }

  /**
   * Retention: empties the body and the person's columns of deliveries received over
   * `retentionDays` ago, but those a job still needs (`neededSql`, given the delivery id's SQL).
   * Returns how many.
   */
  async purgePersonalData(tx: EntityManager, retentionDays: number, neededSql: (deliveryIdSql: string) => string): Promise<number> {
    const [row] = await tx.query(
      `WITH u AS (UPDATE deliveries d SET payload = NULL, ${PERSONAL_COLUMNS.map((c) => `${c} = NULL`).join(', ')},
                         payload_purged_at = now()
        WHERE (d.payload IS NOT NULL OR ${PERSONAL_COLUMNS.map((c) => `d.${c} IS NOT NULL`).join(' OR ')})
          AND d.received_at < now() - make_interval(days => $1)
          AND NOT ${neededSql('d.id')}
        RETURNING d.id)
       SELECT count(*)::int AS n FROM u`,
      [retentionDays],
    );
    return row.n;
  }
}
