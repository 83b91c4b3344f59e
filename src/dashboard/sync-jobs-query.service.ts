import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { SyncAttempt } from '../sync/sync-attempt.entity';
import { SyncJob, SyncJobStatus } from '../sync/sync-job.entity';
import { ListSyncJobsQuery, SyncJobFilterQuery } from './dto/list-sync-jobs.query';

/** One row of the jobs table: the job's own fields plus who, what and when, read from its delivery. */
export interface SyncJobRow {
  id: string;
  deliveryId: string;
  employeeId: string | null;
  status: SyncJobStatus;
  hrisSystem: string;
  hrisId: string | null;
  attemptCount: number;
  lastError: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  receivedAt: Date;
  candidateName: string | null;
  email: string | null;
  vacancy: string | null;
  company: string | null;
  candidateId: string | null;
  applicantId: string | null;
  payloadPurgedAt: Date | null;
}

export interface SyncJobEventRow {
  id: string;
  at: Date;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: string;
  detail: string | null;
}

/**
 * Who and what, from the mapped record when the worker got that far, else from the delivery as
 * received (a job that failed mapping, or has not run yet, is still findable by name).
 */
const FIRST = `COALESCE(j.mapped_record->>'firstName', d.payload#>>'{data,candidate,firstname}')`;
const LAST = `COALESCE(j.mapped_record->>'lastName', d.payload#>>'{data,candidate,lastname}')`;
const EMAIL = `COALESCE(j.mapped_record->>'email', d.payload#>>'{data,candidate,email}')`;
const ROW_SELECT = `
  j.id, j.delivery_id, j.employee_id, j.status, j.hris_system, j.hris_id, j.attempt_count, j.last_error,
  j.started_at, j.finished_at, j.created_at, j.updated_at, j.created_at::text AS cursor_at,
  d.received_at, d.candidate_id, d.applicant_id, d.payload_purged_at,
  NULLIF(concat_ws(' ', ${FIRST}, ${LAST}), '') AS candidate_name,
  ${EMAIL} AS email,
  COALESCE(j.mapped_record->>'jobTitle', btrim(d.payload#>>'{data,vacancy,title}')) AS vacancy,
  COALESCE(d.payload#>>'{data,company,name}', d.company_id) AS company`;

/** Escapes LIKE wildcards so that a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A date alone in `to` means "that whole day". */
function endBound(to: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.toISOString();
  }
  return to;
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/i.test(id) || !/^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(at)) {
    throw new BadRequestException('cursor is not valid');
  }
  return { at, id };
}

/** Read side of sync jobs for operators: newest first, searchable, with attempts and timeline. */
@Injectable()
export class SyncJobsQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(SyncJob) private readonly jobs: Repository<SyncJob>,
    @InjectRepository(SyncAttempt) private readonly attempts: Repository<SyncAttempt>,
  ) {}

  /** WHERE clause (and its parameters, from $1) for the filters shared by the list and bulk retry. */
  filterSql(f: SyncJobFilterQuery): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (f.status) clauses.push(`j.status = ${p(f.status)}`);
    if (f.from) clauses.push(`j.created_at >= ${p(f.from)}::timestamptz`);
    if (f.to) clauses.push(`j.created_at < ${p(endBound(f.to))}::timestamptz`);
    if (f.q) {
      const like = p(likePattern(f.q));
      const exact = p(f.q);
      clauses.push(`(
        concat_ws(' ', ${FIRST}, ${LAST}) ILIKE ${like} OR concat_ws(' ', ${LAST}, ${FIRST}) ILIKE ${like}
        OR ${EMAIL} ILIKE ${like}
        OR d.candidate_id = ${exact} OR d.applicant_id = ${exact} OR j.hris_id = ${exact}
        OR j.mapped_record->>'externalId' = ${exact})`);
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  async list(query: ListSyncJobsQuery) {
    const { where, params } = this.filterSql(query);
    const from = `FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id ${where}`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${from}`, params);

    const pageParams = [...params];
    let seek = '';
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      seek = `${where ? 'AND' : 'WHERE'} (j.created_at, j.id) < ($${pageParams.push(c.at)}::timestamptz, $${pageParams.push(c.id)}::uuid)`;
    }
    const offset = query.cursor ? 0 : (query.page - 1) * query.pageSize;
    const rows: RawSyncJobRow[] = await this.db.query(
      `SELECT ${ROW_SELECT} ${from} ${seek}
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT $${pageParams.push(query.pageSize + 1)} OFFSET $${pageParams.push(offset)}`,
      pageParams,
    );
    const more = rows.length > query.pageSize;
    const page = rows.slice(0, query.pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map(toRow),
      total,
      page: query.cursor ? null : query.page,
      pageSize: query.pageSize,
      nextCursor: more && last ? encodeCursor(last.cursor_at, last.id) : null,
    };
  }

  /** Ids of the failed jobs matching the filters, oldest first (the order they will be retried in). */
  async failedIds(filter: SyncJobFilterQuery, limit: number): Promise<string[]> {
    const { where, params } = this.filterSql({ ...filter, status: 'failed' });
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT j.id FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id ${where}
        ORDER BY j.created_at, j.id LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map((r) => r.id);
  }

  async summary(id: string): Promise<SyncJobRow | null> {
    const rows = await this.db.query(`SELECT ${ROW_SELECT} FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id WHERE j.id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Everything about one job: delivery as received, mapped record, employee, attempts, timeline. */
  async detail(id: string) {
    const job = await this.jobs.findOne({ where: { id }, relations: { delivery: true, employee: true } });
    if (!job) return null;
    const [attempts, events, summary] = await Promise.all([
      this.attempts.find({ where: { syncJobId: id }, order: { attemptNo: 'ASC' } }),
      this.events(id),
      this.summary(id),
    ]);
    return {
      ...job,
      candidateName: summary?.candidateName ?? null,
      email: summary?.email ?? null,
      vacancy: summary?.vacancy ?? null,
      company: summary?.company ?? null,
      attempts,
      events,
    };
  }

  async events(id: string): Promise<SyncJobEventRow[]> {
    const rows: RawSyncJobEventRow[] = await this.db.query(
      `SELECT id, at, type, from_status, to_status, actor, detail FROM sync_job_events WHERE sync_job_id = $1 ORDER BY at, id`,
      [id],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      type: r.type,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actor: r.actor,
      detail: r.detail,
    }));
  }
}

/** A row as ROW_SELECT returns it (snake_case columns). */
interface RawSyncJobRow {
  id: string;
  delivery_id: string;
  employee_id: string | null;
  status: SyncJobStatus;
  hris_system: string;
  hris_id: string | null;
  attempt_count: number;
  last_error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  /** created_at as Postgres prints it: a cursor keeps its microseconds. */
  cursor_at: string;
  updated_at: Date;
  received_at: Date;
  candidate_name: string | null;
  email: string | null;
  vacancy: string | null;
  company: string | null;
  candidate_id: string | null;
  applicant_id: string | null;
  payload_purged_at: Date | null;
}

interface RawSyncJobEventRow {
  id: string | number;
  at: Date;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor: string;
  detail: string | null;
}

function toRow(r: RawSyncJobRow): SyncJobRow {
  return {
    id: r.id,
    deliveryId: r.delivery_id,
    employeeId: r.employee_id,
    status: r.status,
    hrisSystem: r.hris_system,
    hrisId: r.hris_id,
    attemptCount: r.attempt_count,
    lastError: r.last_error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    receivedAt: r.received_at,
    candidateName: r.candidate_name,
    email: r.email,
    vacancy: r.vacancy,
    company: r.company,
    candidateId: r.candidate_id,
    applicantId: r.applicant_id,
    payloadPurgedAt: r.payload_purged_at,
  };
}
