import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { pgPoolOf } from '../database/pg-pool';
import type { EmployeeKey } from '../employees/employee-key';
import { KnownEmployee, upsertEmployeeSql } from '../employees/employees.repository';
import type { EmployeeRecord } from '../employees/employee-record';
import type { PushOutcomeKind } from '../hris/hris-connector';
import type { HrisFieldError } from '../hris/hris-failure';
import { SyncAttempt, SyncAttemptOutcome } from './sync-attempt.entity';
import { SyncJob, SyncJobSource, WriteBackStatus } from './sync-job.entity';
import { SyncJobEvent } from './sync-job-event.entity';
import { FINISHED_STATUSES, FINISHED_STATUSES_SQL, SYNC_JOB_STATUSES, SyncJobStatus, UNASSIGNED_HRIS, isFinished } from './sync-job-status';

export interface ClaimedJob {
  /** 'succeeded' or 'skipped': finished, to be left alone (payload then null). */
  status: SyncJobStatus;
  hrisId: string | null;
  payload: unknown;
  /** The delivery's person key, and the employee row found with it (null when none yet). */
  key: { companyId: string | null; candidateId: string | null };
  employee: KnownEmployee | null;
  /** The connection this run already uses (fixed at its first attempt); null before. */
  connectionId: string | null;
  /** Steps of a multi-call creation done so far, per connection id. */
  pushSteps: PushStepsByConnection;
  /** When the webhook came: start-date rules count from it. */
  receivedAt: Date;
}

export type PushStepsByConnection = Record<string, Record<string, { at: string; data: Record<string, string> }>>;

/** The person the HRIS call was about: upserted with the attempt. */
export interface AttemptedEmployee {
  key: EmployeeKey;
  record: EmployeeRecord;
  hrisSystem: string;
  idempotencyKey: string;
  /** The connection the call went through (an id, or `default`). */
  connectionId: string;
  /** The connection's rule chose the start date (Flatchr gave none): HR confirms it. */
  startDateToConfirm: boolean;
}

/** One HRIS call and the job status it leads to. */
export interface AttemptResult {
  status: Extract<SyncJobStatus, 'succeeded' | 'retrying' | 'failed'>;
  /** The HRIS's id for the person; only with 'succeeded'. */
  hrisId: string | null;
  startedAt: Date;
  durationMs: number;
  httpStatus: number | null;
  outcome: SyncAttemptOutcome;
  responseExcerpt: string | null;
  /** Why the call failed; null on success. Also the job's last_error. */
  error: string | null;
  /** The fields the HRIS refused (validation errors); empty or absent when it named none. */
  fieldErrors?: HrisFieldError[];
  /**
   * On success: how the HRIS took the push (sync_jobs.outcome), for 'linked' the name it holds
   * (sync_jobs.found_name), and what the operator should know (sync_jobs.notices).
   */
  pushed?: { kind: PushOutcomeKind; foundName?: { firstName: string | null; lastName: string | null } | null; notices?: string[] };
}

/** A synced job as the Flatchr write-back reads it. */
export interface WriteBackSubject {
  status: SyncJobStatus;
  outcome: PushOutcomeKind | null;
  hrisId: string | null;
  connectionId: string | null;
  provider: string;
  finishedAt: Date | null;
  source: SyncJobSource;
  writeBackStatus: WriteBackStatus | null;
  companyId: string | null;
  candidateId: string | null;
  /** As the delivery carried it: encoded from the API, often a plain number from a webhook. */
  applicantId: string | null;
  email: string | null;
}

/** Filters of the operators' list (and of the bulk retry): status, creation dates, free text. */
export interface SyncJobFilter {
  status?: SyncJobStatus;
  /** Inclusive lower bound of created_at (ISO text). */
  from?: string;
  /** Exclusive upper bound of created_at (ISO text). */
  before?: string;
  q?: string;
}

/** One row of the operators' jobs table: the job plus who, what and when from its delivery's columns. */
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
  /** The connection of the current run (an id or `default`); null before it first ran. */
  connectionId: string | null;
  /** The HRIS provider of that connection; null before the first run. */
  provider: string | null;
  /** How the HRIS took the push (null before a success, and for skipped jobs). */
  outcome: PushOutcomeKind | null;
  /** For 'linked': the name the HRIS holds for the person it matched. */
  foundName: { firstName: string | null; lastName: string | null } | null;
  notices: string[];
  startDateToConfirm: boolean;
  pushSteps: Record<string, { at: string; data: Record<string, string> }>;
  /** How the hire came: 'webhook', or 'flatchr-api' (catch-up or backfill). */
  source: SyncJobSource;
  /** The note left in Flatchr once synced; null when none was asked. */
  writeBack: { status: WriteBackStatus; detail: string | null } | null;
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

export interface SyncJobStats {
  synced24h: number;
  synced7d: number;
  failed7d: number;
  finished7d: number;
  medianMs: number | null;
  p95Ms: number | null;
}

/** SIRH call durations of one HTTP status ('none': no answer), counted per upper bound in ms. */
export interface AttemptLatencies {
  status: string;
  /** Calls at or under each bound, in the order of the bounds given. */
  buckets: number[];
  count: number;
  sumMs: number;
}

/** Webhook → HRIS times of one provider and outcome, counted per upper bound in seconds. */
export interface WebhookToHrisLatencies {
  provider: string;
  outcome: string;
  buckets: number[];
  count: number;
  sumSeconds: number;
}

/** A job queued again by an operator: its new run (for a fresh BullMQ job id) and its delivery. */
export interface Requeued {
  run: number;
  deliveryId: string;
}

/** A job due for the queue again (reconciler) or purged (its queue entries go too). */
export interface JobRun {
  id: string;
  deliveryId: string;
  run: number;
}

/** Every status of a job not yet finished, 'waiting_connection' (a hire parked until its HRIS connection works) included. */
const UNFINISHED_STATUSES = [...new Set([...SYNC_JOB_STATUSES.filter((s) => !isFinished(s)), 'waiting_connection'])];

// --- Fragments other tables' statements embed (their text on sync_jobs stays here) ---

/** For the webhook's batch insert: the sync job of each new hire, from CTE `source` (id, is_hire). */
export function insertJobsForHiresSql(source: string, hrisSystemParam: string, jobSourceParam: string): string {
  return `INSERT INTO sync_jobs (delivery_id, status, hris_system, source)
    SELECT id, 'queued', ${hrisSystemParam}, ${jobSourceParam} FROM ${source} WHERE is_hire
    RETURNING id, delivery_id`;
}

/** True when the delivery is a hire Flatchr's REST API brought (catch-up, backfill), not a webhook call. */
export function apiHireDeliverySql(deliveryIdSql: string): string {
  return `EXISTS (SELECT 1 FROM sync_jobs j WHERE j.delivery_id = ${deliveryIdSql} AND j.source = 'flatchr-api')`;
}

/** True while a job of the delivery is unfinished: the worker still needs its body. */
export function unfinishedJobOfDeliverySql(deliveryIdSql: string): string {
  return `EXISTS (SELECT 1 FROM sync_jobs j WHERE j.delivery_id = ${deliveryIdSql} AND j.status NOT IN (${FINISHED_STATUSES_SQL}))`;
}

/** True while a job of the employee still holds personal data. */
export function unpurgedJobOfEmployeeSql(employeeIdSql: string): string {
  return `EXISTS (SELECT 1 FROM sync_jobs j WHERE j.employee_id = ${employeeIdSql} AND j.data_purged_at IS NULL)`;
}

// --- The worker's hot path: prepared statements on the pg pool ---

/**
 * The run's timeline entry, written with its outcome (one per run, even when the status stays, so
 * every run shows). Expects CTE `j` returning `id`, `from_status` and `to_status`.
 */
const runEventSql = (detail: string) => `
  ev AS (
    INSERT INTO sync_job_events (sync_job_id, type, from_status, to_status, actor, detail)
    SELECT j.id, 'status', j.from_status, j.to_status, 'worker', ${detail} FROM j)`;

/** Read-only: status, body and whether the person (by the delivery's key) is in the HRIS already. */
const CLAIM_SQL = `
  SELECT j.status, j.hris_id, d.company_id, d.candidate_id, e.id AS employee_id, e.hris_id AS employee_hris_id,
         CASE WHEN j.status IN ('succeeded', 'skipped') THEN NULL ELSE d.payload END AS payload,
         j.connection_id, j.push_steps, d.received_at
    FROM sync_jobs j
    JOIN deliveries d ON d.id = j.delivery_id
    LEFT JOIN employees e ON e.company_id = d.company_id AND e.candidate_id = d.candidate_id
   WHERE j.id = $1`;

/**
 * Everything one HRIS call leaves behind, atomically: the person's employee row, the job (what was
 * sent, attempt count, status, HRIS id), the attempt row and the run's event. $1 job,
 * $2 'succeeded'/'retrying'/'failed', $3 run start. A job another run of it finished meanwhile (a
 * stalled run taken over) keeps its status: the attempt is recorded, the outcome is not undone.
 */
const RECORD_ATTEMPT_SQL = `
  WITH e AS (${upsertEmployeeSql({ companyId: '$4', candidateId: '$5', externalId: '$6', record: '$7', hrisSystem: '$8', hrisId: '$10' })}),
  prev AS (SELECT id, status FROM sync_jobs WHERE id = $1 FOR UPDATE),
  j AS (
    UPDATE sync_jobs s
       SET employee_id = e.id, mapped_record = $7::jsonb, idempotency_key = $9, attempt_count = s.attempt_count + 1,
           status = CASE WHEN prev.status IN ('succeeded', 'skipped') THEN prev.status ELSE $2::text END,
           hris_id = COALESCE($10::text, s.hris_id),
           outcome = CASE WHEN prev.status IN ('succeeded', 'skipped') OR $18::text IS NULL THEN s.outcome ELSE $18::text END,
           found_name = CASE WHEN prev.status IN ('succeeded', 'skipped') OR $18::text IS NULL THEN s.found_name ELSE $19::jsonb END,
           last_error = CASE WHEN prev.status IN ('succeeded', 'skipped') THEN s.last_error ELSE $11::text END,
           started_at = COALESCE(s.started_at, $3::timestamptz),
           finished_at = CASE WHEN prev.status IN ('succeeded', 'skipped') OR $2::text = 'retrying' THEN s.finished_at ELSE now() END,
           notices = CASE WHEN prev.status IN ('succeeded', 'skipped') OR $18::text IS NULL THEN s.notices ELSE $20::jsonb END,
           connection_id = $22::text, hris_system = $8::text, start_date_to_confirm = $21::boolean,
           updated_at = now()
      FROM prev, e
     WHERE s.id = prev.id
    RETURNING s.id, s.attempt_count, prev.status AS from_status, s.status AS to_status),
  a AS (
    INSERT INTO sync_attempts (sync_job_id, attempt_no, started_at, duration_ms, http_status, outcome, response_excerpt, error, field_errors)
    SELECT id, attempt_count, $12, $13, $14, $15, $16, $11::text, $17::jsonb FROM j),
  ${runEventSql(`COALESCE($11::text, 'SIRH id ' || $10::text)`)}
  SELECT attempt_count FROM j`;

/** The person is in the HRIS already (re-hired, or dragged back into the hired column): no call. */
const RECORD_SKIPPED_SQL = `
  WITH prev AS (SELECT id, status FROM sync_jobs WHERE id = $1 FOR UPDATE),
  j AS (
    UPDATE sync_jobs s
       SET employee_id = $4, mapped_record = $5::jsonb, idempotency_key = $6, status = $2::text, hris_id = $7::text,
           connection_id = $8::text, outcome = NULL, last_error = NULL, started_at = COALESCE(s.started_at, $3::timestamptz), finished_at = now(), updated_at = now()
      FROM prev
     WHERE s.id = prev.id
    RETURNING s.id, prev.status AS from_status, s.status AS to_status),
  ${runEventSql(`'SIRH id ' || $7::text`)}
  SELECT id FROM j`;

/** The delivery cannot be mapped (data missing): failed for good, without any HRIS call. */
const RECORD_UNMAPPABLE_SQL = `
  WITH prev AS (SELECT id, status FROM sync_jobs WHERE id = $1 FOR UPDATE),
  j AS (
    UPDATE sync_jobs s
       SET status = $2::text, last_error = $4::text, started_at = COALESCE(s.started_at, $3::timestamptz),
           finished_at = now(), updated_at = now()
      FROM prev
     WHERE s.id = prev.id
    RETURNING s.id, prev.status AS from_status, s.status AS to_status),
  ${runEventSql('$4::text')}
  SELECT id FROM j`;

/** No connection serves the hire's company (and there is no default): it waits, unfinished, for one. */
const RECORD_WAITING_SQL = `
  WITH prev AS (SELECT id, status FROM sync_jobs WHERE id = $1 FOR UPDATE),
  j AS (
    UPDATE sync_jobs s
       SET status = 'waiting_connection', last_error = $3::text, connection_id = NULL,
           started_at = COALESCE(s.started_at, $2::timestamptz), updated_at = now()
      FROM prev
     WHERE s.id = prev.id AND prev.status NOT IN ('succeeded', 'skipped')
    RETURNING s.id, prev.status AS from_status, s.status AS to_status),
  ${runEventSql('$3::text')}
  SELECT id FROM j`;

// --- The operators' read model ---

/**
 * Who and what: from the mapped record when the worker got that far, else from the delivery's
 * columns filled at ingestion (a job that failed mapping, or has not run yet, is still findable by name).
 */
const FIRST = `COALESCE(j.mapped_record->>'firstName', d.candidate_first_name)`;
const LAST = `COALESCE(j.mapped_record->>'lastName', d.candidate_last_name)`;
const EMAIL = `COALESCE(j.mapped_record->>'email', d.candidate_email)`;
const ROW_SELECT = `
  j.id, j.delivery_id, j.employee_id, j.status, j.hris_system, j.hris_id, j.attempt_count, j.last_error,
  j.started_at, j.finished_at, j.created_at, j.updated_at, j.created_at::text AS cursor_at, j.outcome, j.found_name,
  d.received_at, d.candidate_id, d.applicant_id, d.payload_purged_at,
  j.connection_id, j.outcome, j.found_name, j.notices, j.start_date_to_confirm, j.push_steps,
  j.source, j.write_back_status, j.write_back_detail,
  NULLIF(concat_ws(' ', ${FIRST}, ${LAST}), '') AS candidate_name,
  ${EMAIL} AS email,
  COALESCE(j.mapped_record->>'jobTitle', d.vacancy_title) AS vacancy,
  COALESCE(d.company_name, d.company_id) AS company`;
const FROM_JOBS = `FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id`;

/** Escapes LIKE wildcards so that a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filterSql(f: SyncJobFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.status) clauses.push(`j.status = ${p(f.status)}`);
  if (f.from) clauses.push(`j.created_at >= ${p(f.from)}::timestamptz`);
  if (f.before) clauses.push(`j.created_at < ${p(f.before)}::timestamptz`);
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
  connection_id: string | null;
  outcome: PushOutcomeKind | null;
  found_name: { firstName: string | null; lastName: string | null } | null;
  notices: string[] | null;
  start_date_to_confirm: boolean;
  push_steps: PushStepsByConnection | null;
  source: SyncJobSource;
  write_back_status: WriteBackStatus | null;
  write_back_detail: string | null;
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
    connectionId: r.connection_id,
    provider: r.hris_system === UNASSIGNED_HRIS ? null : r.hris_system,
    outcome: r.outcome,
    foundName: r.found_name,
    notices: r.notices ?? [],
    startDateToConfirm: r.start_date_to_confirm,
    pushSteps: (r.connection_id && r.push_steps?.[r.connection_id]) || {},
    source: r.source,
    writeBack: r.write_back_status ? { status: r.write_back_status, detail: r.write_back_detail } : null,
  };
}

// --- Retention ---

/** Where a due job's personal data can be read from: its mapped record and its delivery's candidate. */
const PERSONAL_VALUES = [
  `r->>'email'`,
  `r->>'phone'`,
  `r->>'firstName'`,
  `r->>'lastName'`,
  `p->>'email'`,
  `p->>'phone'`,
  `p->>'firstname'`,
  `p->>'lastname'`,
  'due.first_name',
  'due.last_name',
  'due.email',
];

/** `column` with every personal value of the person replaced: errors and timelines stay readable, minus who. */
function scrubSql(column: string): string {
  // replace() with an empty search string leaves the text as it is, so absent values need no CASE.
  return PERSONAL_VALUES.reduce((sql, value) => `replace(${sql}, coalesce(${value}, ''), '[purged]')`, column);
}

/** Sync jobs due for purging, with the values to scrub: finished, older than $1 days, not purged yet. */
const DUE_JOBS_SQL = `
  due AS (
    SELECT j.id, j.mapped_record AS r, d.payload->'data'->'candidate' AS p,
           d.candidate_first_name AS first_name, d.candidate_last_name AS last_name, d.candidate_email AS email
      FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
     WHERE j.data_purged_at IS NULL AND j.status IN (${FINISHED_STATUSES_SQL})
       AND j.created_at < now() - make_interval(days => $1))`;

/**
 * The one owner of sync_jobs, sync_attempts and sync_job_events: every statement on them is here
 * (or, for a statement on another table that embeds one, in the fragments above). The worker's
 * hot path runs on the pg pool with named statements; the operators' side uses TypeORM.
 */
@Injectable()
export class SyncJobsRepository {
  private readonly pool: Pool;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(SyncJob) private readonly jobs: Repository<SyncJob>,
    @InjectRepository(SyncAttempt) private readonly attempts: Repository<SyncAttempt>,
    @InjectRepository(SyncJobEvent) private readonly events: Repository<SyncJobEvent>,
  ) {
    this.pool = pgPoolOf(db);
  }

  // --- Worker: a hire costs two statements besides the HRIS call, a read before it and one write after it.
  // Statements are named (prepared once per pooled connection): Postgres then does not parse and plan these
  // CTEs again for every hire (measured: 0.13 instead of 0.35 ms of its CPU for the claim alone).

  /** The job with its delivery's body; null when missing. Writes nothing. */
  async claim(syncJobId: string): Promise<ClaimedJob | null> {
    const [row] = await this.prepared<{
      status: SyncJobStatus;
      hris_id: string | null;
      company_id: string | null;
      candidate_id: string | null;
      employee_id: string | null;
      employee_hris_id: string | null;
      payload: unknown;
      connection_id: string | null;
      push_steps: PushStepsByConnection | null;
      received_at: Date;
    }>('hire-sync-claim', CLAIM_SQL, [syncJobId]);
    if (!row) return null;
    return {
      status: row.status,
      hrisId: row.hris_id,
      payload: row.payload,
      key: { companyId: row.company_id, candidateId: row.candidate_id },
      employee: row.employee_id ? { id: row.employee_id, hrisId: row.employee_hris_id } : null,
      connectionId: row.connection_id,
      pushSteps: row.push_steps ?? {},
      receivedAt: row.received_at,
    };
  }

  /** After an HRIS call, whatever it answered: see RECORD_ATTEMPT_SQL. */
  async recordAttempt(syncJobId: string, runStartedAt: Date, employee: AttemptedEmployee, attempt: AttemptResult): Promise<void> {
    const rows = await this.prepared('hire-sync-record-attempt', RECORD_ATTEMPT_SQL, [
      syncJobId,
      attempt.status,
      runStartedAt,
      employee.key.companyId,
      employee.key.candidateId,
      employee.record.externalId,
      JSON.stringify(employee.record),
      employee.hrisSystem,
      employee.idempotencyKey,
      attempt.hrisId,
      attempt.error,
      attempt.startedAt,
      attempt.durationMs,
      attempt.httpStatus,
      attempt.outcome,
      attempt.responseExcerpt,
      attempt.fieldErrors?.length ? JSON.stringify(attempt.fieldErrors) : null,
      attempt.pushed?.kind ?? null,
      attempt.pushed?.foundName ? JSON.stringify(attempt.pushed.foundName) : null,
      attempt.pushed?.notices?.length ? JSON.stringify(attempt.pushed.notices) : null,
      employee.startDateToConfirm,
      employee.connectionId,
    ]);
    if (rows.length === 0) throw new Error(`sync job ${syncJobId} disappeared before its attempt could be recorded`);
  }

  async recordSkipped(
    syncJobId: string,
    runStartedAt: Date,
    employee: KnownEmployee & { hrisId: string },
    record: EmployeeRecord,
    idempotencyKey: string,
    connectionId: string,
  ): Promise<void> {
    const rows = await this.prepared('hire-sync-record-skipped', RECORD_SKIPPED_SQL, [
      syncJobId,
      'skipped',
      runStartedAt,
      employee.id,
      JSON.stringify(record),
      idempotencyKey,
      employee.hrisId,
      connectionId,
    ]);
    if (rows.length === 0) throw new Error(`sync job ${syncJobId} disappeared before it could be marked skipped`);
  }

  async recordUnmappable(syncJobId: string, runStartedAt: Date, reason: string): Promise<void> {
    const rows = await this.prepared('hire-sync-record-unmappable', RECORD_UNMAPPABLE_SQL, [syncJobId, 'failed', runStartedAt, reason]);
    if (rows.length === 0) throw new Error(`sync job ${syncJobId} disappeared before it could be marked failed`);
  }

  /** See RECORD_WAITING_SQL. */
  async recordWaiting(syncJobId: string, runStartedAt: Date, reason: string): Promise<void> {
    await this.db.query(RECORD_WAITING_SQL, [syncJobId, runStartedAt, reason]);
  }

  /** A step of a multi-call creation, kept per connection before the connector goes on (see PushProgress). */
  async recordPushStep(syncJobId: string, connectionId: string, step: string, data: Record<string, string>): Promise<void> {
    await this.db.query(
      `UPDATE sync_jobs
          SET push_steps = jsonb_set(
                jsonb_set(COALESCE(push_steps, '{}'::jsonb), ARRAY[$2::text], COALESCE(push_steps -> $2::text, '{}'::jsonb)),
                ARRAY[$2::text, $3::text], jsonb_build_object('at', now(), 'data', $4::jsonb)),
              updated_at = now()
        WHERE id = $1`,
      [syncJobId, connectionId, step, JSON.stringify(data)],
    );
  }

  /**
   * Waiting hires of these companies back to 'queued' with a new run, for the queue: a connection
   * now serves them. Answers the runs to enqueue.
   */
  async releaseWaiting(companyIds: readonly string[], actor: string): Promise<Array<{ id: string; run: number; deliveryId: string }>> {
    if (companyIds.length === 0) return [];
    const rows: Array<{ id: string; run: number; delivery_id: string }> = await this.db.query(
      `WITH w AS (
         SELECT j.id FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
          WHERE j.status = 'waiting_connection' AND d.company_id = ANY($1::text[])
          ORDER BY j.created_at FOR UPDATE OF j),
       upd AS (
         UPDATE sync_jobs j SET status = 'queued', run = j.run + 1, connection_id = NULL, last_error = NULL, updated_at = now()
           FROM w WHERE j.id = w.id
         RETURNING j.id, j.run, j.delivery_id),
       ev AS (
         INSERT INTO sync_job_events (sync_job_id, type, from_status, to_status, actor, detail)
         SELECT id, 'status', 'waiting_connection', 'queued', $2, 'a connection now serves this company' FROM upd)
       SELECT id, run, delivery_id FROM upd`,
      [companyIds, actor],
    );
    return rows.map((r) => ({ id: r.id, run: r.run, deliveryId: r.delivery_id }));
  }

  /** Companies with hires waiting for a connection: how many, since when, and who the oldest is for. */
  async waitingByCompany(): Promise<Array<{ companyId: string; companyName: string | null; waiting: number; oldestAt: Date }>> {
    const rows: Array<{ company_id: string; company_name: string | null; n: number; oldest_at: Date }> = await this.db.query(
      `SELECT d.company_id, max(d.company_name) AS company_name, count(*)::int AS n, min(j.created_at) AS oldest_at
         FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
        WHERE j.status = 'waiting_connection' AND d.company_id IS NOT NULL
        GROUP BY d.company_id ORDER BY min(j.created_at)`,
    );
    return rows.map((r) => ({ companyId: r.company_id, companyName: r.company_name, waiting: r.n, oldestAt: r.oldest_at }));
  }

  /** Per connection: hires synced and failed in the last 7 days, and the last success. */
  async connectionStats(): Promise<Map<string, { synced7d: number; failed7d: number; lastSuccessAt: Date | null }>> {
    const rows: Array<{ connection_id: string; synced: number; failed: number; last_success: Date | null }> = await this.db.query(
      `SELECT connection_id,
              count(*) FILTER (WHERE status = 'succeeded' AND finished_at > now() - interval '7 days')::int AS synced,
              count(*) FILTER (WHERE status = 'failed' AND finished_at > now() - interval '7 days')::int AS failed,
              max(finished_at) FILTER (WHERE status = 'succeeded') AS last_success
         FROM sync_jobs WHERE connection_id IS NOT NULL GROUP BY connection_id`,
    );
    return new Map(rows.map((r) => [r.connection_id, { synced7d: r.synced, failed7d: r.failed, lastSuccessAt: r.last_success }]));
  }

  /**
   * The queue gave up on the job outside the normal path (stalled too often, or an unexpected
   * error on its last attempt): the row says so instead of looking unfinished. No-op once finished.
   */
  async failIfUnfinished(id: string, run: number, lastError: string): Promise<boolean> {
    const rows = await this.transition(id, 'failed', {
      set: 'finished_at = now(), last_error = $6',
      // The queue's word on a run the operator has since replaced comes late: it is not this run's.
      guard: `prev.status NOT IN (${FINISHED_STATUSES_SQL}) AND j.run = $7`,
      params: [lastError, run],
      detail: lastError,
    });
    return rows.length > 0;
  }

  // --- Webhook

  /** Timeline entries that change nothing but that the operator should see, e.g. ids that disagree in the delivery. */
  async recordWarnings(id: string, warnings: string[]): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_job_events (sync_job_id, type, actor, detail) SELECT $1, 'warning', 'webhook', unnest($2::text[])`,
      [id, warnings],
    );
  }

  // --- Flatchr's REST API (catch-up, backfill, write-back)

  /**
   * The first hire job of a person (company + plain candidate id, the employee key), however it came:
   * a hire the catch-up finds that has one is already known.
   */
  async hireJobOfPerson(companyId: string, candidateId: string): Promise<{ id: string; deliveryId: string; source: SyncJobSource } | null> {
    const rows = await this.prepared<{ id: string; delivery_id: string; source: SyncJobSource }>(
      'hire-job-of-person',
      `SELECT j.id, j.delivery_id, j.source FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
        WHERE d.company_id = $1 AND d.candidate_id = $2 ORDER BY j.created_at LIMIT 1`,
      [companyId, candidateId],
    );
    return rows[0] ? { id: rows[0].id, deliveryId: rows[0].delivery_id, source: rows[0].source } : null;
  }

  /** What the write-back needs of a synced job: its outcome, connection, and the applicant in Flatchr. */
  async writeBackSubject(id: string): Promise<WriteBackSubject | null> {
    const rows = await this.db.query(
      `SELECT j.status, j.outcome, j.hris_id, j.connection_id, j.hris_system, j.finished_at, j.source, j.write_back_status,
              d.company_id, d.candidate_id, d.applicant_id, COALESCE(j.mapped_record->>'email', d.candidate_email) AS email
         FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id WHERE j.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      status: r.status,
      outcome: r.outcome,
      hrisId: r.hris_id,
      connectionId: r.connection_id,
      provider: r.hris_system,
      finishedAt: r.finished_at,
      source: r.source,
      writeBackStatus: r.write_back_status,
      companyId: r.company_id,
      candidateId: r.candidate_id,
      applicantId: r.applicant_id,
      email: r.email,
    };
  }

  /** Synced jobs whose write-back has been pending for a while: their queue entry may have been lost (Redis was down). */
  async pendingWriteBacks(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM sync_jobs WHERE write_back_status = 'pending' AND finished_at < now() - make_interval(secs => $1)
        ORDER BY finished_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The write-back's state, apart from the job's status, with a timeline entry when it changes.
   * `onlyIfNot`: leaves a job in that state alone (a note written once is never asked again).
   */
  async recordWriteBack(id: string, status: WriteBackStatus, detail: string | null, onlyIfNot?: WriteBackStatus): Promise<boolean> {
    const rows = await this.db.query(
      `WITH upd AS (
         UPDATE sync_jobs SET write_back_status = $2, write_back_detail = $3
          WHERE id = $1 AND ($4::text IS NULL OR write_back_status IS DISTINCT FROM $4::text)
         RETURNING id),
       ev AS (
         INSERT INTO sync_job_events (sync_job_id, type, actor, detail)
         SELECT id, 'write_back', 'worker', $5 FROM upd WHERE $2 <> 'pending')
       SELECT id FROM upd`,
      [id, status, detail, onlyIfNot ?? null, `Flatchr write-back ${status}${detail ? `: ${detail}` : ''}`],
    );
    return rows.length > 0;
  }

  // --- Operators

  /**
   * An operator's retry or replay: back to 'queued' (only from one of `from`) with the next run
   * number, recorded on the timeline. Null when the job was not in one of `from` (already
   * retried, still running, or missing).
   */
  async requeue(id: string, type: 'retry' | 'replay', actor: string, from: readonly SyncJobStatus[]): Promise<Requeued | null> {
    const [row] = await this.transition(id, 'queued', {
      // A new run picks its connection again: a connection changed since applies to it.
      set: 'finished_at = NULL, run = j.run + 1, connection_id = NULL',
      guard: 'prev.status = ANY($6::text[])',
      params: [from],
      type,
      actor,
      detail: type === 'replay' ? 'replay from the stored delivery' : 'retry',
    });
    return row ? { run: row.run, deliveryId: row.delivery_id } : null;
  }

  async count(filter: SyncJobFilter): Promise<number> {
    const { where, params } = filterSql(filter);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${FROM_JOBS} ${where}`, params);
    return total;
  }

  /**
   * Newest first: `limit` rows from `offset`, or those older than `after` (the keyset of the
   * previous page's last row: its created_at as text, `cursorAt`, and id).
   */
  async list(
    filter: SyncJobFilter,
    page: { limit: number; offset: number; after?: { at: string; id: string } },
  ): Promise<Array<SyncJobRow & { cursorAt: string }>> {
    const { where, params } = filterSql(filter);
    let seek = '';
    if (page.after) {
      seek = `${where ? 'AND' : 'WHERE'} (j.created_at, j.id) < ($${params.push(page.after.at)}::timestamptz, $${params.push(page.after.id)}::uuid)`;
    }
    const rows: RawSyncJobRow[] = await this.db.query(
      `SELECT ${ROW_SELECT} ${FROM_JOBS} ${where} ${seek}
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT $${params.push(page.limit)} OFFSET $${params.push(page.offset)}`,
      params,
    );
    return rows.map((r) => ({ ...toRow(r), cursorAt: r.cursor_at }));
  }

  /** Ids of the failed jobs matching the filters, oldest first (the order they will be retried in). */
  async failedIds(filter: SyncJobFilter, limit: number): Promise<string[]> {
    const { where, params } = filterSql({ ...filter, status: 'failed' });
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT j.id ${FROM_JOBS} ${where} ORDER BY j.created_at, j.id LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map((r) => r.id);
  }

  async summary(id: string): Promise<SyncJobRow | null> {
    const rows: RawSyncJobRow[] = await this.db.query(`SELECT ${ROW_SELECT} ${FROM_JOBS} WHERE j.id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The job with its delivery and employee. */
  findWithRelations(id: string): Promise<SyncJob | null> {
    return this.jobs.findOne({ where: { id }, relations: { delivery: true, employee: true } });
  }

  attemptsOf(id: string): Promise<SyncAttempt[]> {
    return this.attempts.find({ where: { syncJobId: id }, order: { attemptNo: 'ASC' } });
  }

  async timelineOf(id: string): Promise<SyncJobEventRow[]> {
    const events = await this.events.find({ where: { syncJobId: id }, order: { at: 'ASC', id: 'ASC' } });
    return events.map((e) => ({
      id: String(e.id),
      at: e.at,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actor: e.actor,
      detail: e.detail,
    }));
  }

  /** Jobs by current status (only the statuses present). */
  async countByStatus(): Promise<Array<{ status: SyncJobStatus; n: number }>> {
    return this.db.query(`SELECT status, count(*)::int AS n FROM sync_jobs GROUP BY status`);
  }

  /** Jobs finished lately, and webhook → SIRH answer times of those that succeeded in the last 7 days. */
  async stats(): Promise<SyncJobStats> {
    const [s] = await this.db.query(`
      SELECT
        count(*) FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '24 hours')::int AS synced_24h,
        count(*) FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '7 days')::int AS synced_7d,
        count(*) FILTER (WHERE j.status = 'failed' AND j.finished_at > now() - interval '7 days')::int AS failed_7d,
        count(*) FILTER (WHERE j.status IN (${FINISHED_STATUSES_SQL}) AND j.finished_at > now() - interval '7 days')::int AS finished_7d,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.finished_at - d.received_at) * 1000)
          FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '7 days') AS median_ms,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM j.finished_at - d.received_at) * 1000)
          FILTER (WHERE j.status = 'succeeded' AND j.finished_at > now() - interval '7 days') AS p95_ms
      ${FROM_JOBS}
      WHERE j.finished_at > now() - interval '7 days'`);
    const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
    return {
      synced24h: s.synced_24h,
      synced7d: s.synced_7d,
      failed7d: s.failed_7d,
      finished7d: s.finished_7d,
      medianMs: round(s.median_ms),
      p95Ms: round(s.p95_ms),
    };
  }

  /** Runs that ended, by outcome, from the timeline (a retried job counts once per run). */
  async outcomeCounts(): Promise<Map<string, number>> {
    const rows: Array<{ outcome: string; n: number }> = await this.db.query(
      `SELECT to_status AS outcome, count(*)::int AS n FROM sync_job_events
        WHERE type = 'status' AND to_status = ANY($1) GROUP BY to_status`,
      [FINISHED_STATUSES],
    );
    return new Map(rows.map((r) => [r.outcome, r.n]));
  }

  /** SIRH call durations by HTTP status, counted by Postgres per upper bound (ms). */
  async attemptLatencies(boundsMs: number[]): Promise<AttemptLatencies[]> {
    const buckets = boundsMs.map((le, i) => `count(*) FILTER (WHERE duration_ms <= ${Math.round(le)})::int AS b${i}`).join(', ');
    const rows: Array<{ status: string; n: number; sum_ms: number } & Record<`b${number}`, number>> = await this.db.query(
      `SELECT COALESCE(http_status::text, 'none') AS status, ${buckets}, count(*)::int AS n, COALESCE(sum(duration_ms), 0)::float8 AS sum_ms
         FROM sync_attempts GROUP BY 1 ORDER BY 1`,
    );
    return rows.map((r) => ({ status: r.status, buckets: boundsMs.map((_, i) => r[`b${i}`]), count: r.n, sumMs: r.sum_ms }));
  }

  /**
   * Webhook received → HRIS answered, in seconds, of the jobs that finished with an HRIS answer,
   * counted by Postgres per upper bound, by provider and outcome. Providers outside `providers`
   * count as 'other'; the outcome is how the HRIS took the push ('created', 'existing', 'linked';
   * 'succeeded' for rows older than that column) or 'failed'.
   */
  async webhookToHrisLatencies(boundsSeconds: number[], providers: readonly string[]): Promise<WebhookToHrisLatencies[]> {
    const buckets = boundsSeconds.map((le, i) => `count(*) FILTER (WHERE secs <= ${Number(le)})::int AS b${i}`).join(', ');
    const rows: Array<{ provider: string; outcome: string; n: number; sum_s: number } & Record<`b${number}`, number>> = await this.db.query(
      `WITH f AS (
           SELECT CASE WHEN j.hris_system = ANY($1::text[]) THEN j.hris_system ELSE 'other' END AS provider,
                  CASE WHEN j.status = 'failed' THEN 'failed' ELSE COALESCE(j.outcome, 'succeeded') END AS outcome,
                  extract(epoch FROM j.finished_at - d.received_at)::float8 AS secs
             ${FROM_JOBS}
            WHERE j.status IN ('succeeded', 'failed') AND j.finished_at IS NOT NULL AND j.attempt_count > 0)
         SELECT provider, outcome, ${buckets}, count(*)::int AS n, COALESCE(sum(secs), 0)::float8 AS sum_s
           FROM f GROUP BY 1, 2 ORDER BY 1, 2`,
      [providers],
    );
    return rows.map((r) => ({
      provider: r.provider,
      outcome: r.outcome,
      buckets: boundsSeconds.map((_, i) => r[`b${i}`]),
      count: r.n,
      sumSeconds: r.sum_s,
    }));
  }

  // --- Reconciler

  /**
   * Unfinished jobs the queue may have lost: 'queued' ones idle over `queuedStaleAfterSeconds`,
   * 'retrying' ones over `staleAfterSeconds`; oldest first, with their current run.
   */
  async findStale(staleAfterSeconds: number, queuedStaleAfterSeconds: number, limit: number): Promise<JobRun[]> {
    const rows: Array<{ id: string; delivery_id: string; run: number }> = await this.db.query(
      `SELECT j.id, j.delivery_id, j.run
         FROM sync_jobs j
        WHERE (j.status = 'queued' AND j.updated_at < now() - make_interval(secs => $3))
           OR (j.status = 'retrying' AND j.updated_at < now() - make_interval(secs => $1))
        ORDER BY j.created_at LIMIT $2`,
      [staleAfterSeconds, limit, queuedStaleAfterSeconds],
    );
    return rows.map((r) => ({ id: r.id, deliveryId: r.delivery_id, run: r.run }));
  }

  // --- Alerts

  /**
   * Jobs parked for want of a working HRIS connection (status 'waiting_connection') since before
   * `olderThanMinutes` ago, oldest first. The wait starts at the row's last change (updated_at).
   */
  async waitingForConnection(olderThanMinutes: number, limit: number): Promise<SyncJobRow[]> {
    const rows: RawSyncJobRow[] = await this.db.query(
      `SELECT ${ROW_SELECT} ${FROM_JOBS}
        WHERE j.status = 'waiting_connection' AND j.updated_at < now() - make_interval(mins => $1)
        ORDER BY j.updated_at, j.id LIMIT $2`,
      [olderThanMinutes, limit],
    );
    return rows.map(toRow);
  }

  /** The oldest hire not yet in the HRIS (any unfinished status), or null when every job is finished. */
  async oldestUnfinished(): Promise<SyncJobRow | null> {
    const rows: RawSyncJobRow[] = await this.db.query(
      // Unfinished statuses by name, which the (status, created_at) index can serve.
      `SELECT ${ROW_SELECT} ${FROM_JOBS} WHERE j.status = ANY($1::text[]) ORDER BY j.created_at, j.id LIMIT 1`,
      [UNFINISHED_STATUSES],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Jobs that failed for good within the last `withinMinutes`, oldest first: the alerts' catch-up for a missed hook. */
  async failedWithin(withinMinutes: number, limit: number): Promise<SyncJobRow[]> {
    const rows: RawSyncJobRow[] = await this.db.query(
      `SELECT ${ROW_SELECT} ${FROM_JOBS}
        WHERE j.status = 'failed' AND j.finished_at > now() - make_interval(mins => $1)
        ORDER BY j.finished_at, j.id LIMIT $2`,
      [withinMinutes, limit],
    );
    return rows.map(toRow);
  }

  // --- Retention

  /**
   * Empties the personal data of finished jobs older than `retentionDays` (mapped record, HRIS
   * answers; the person's values scrubbed from errors and the timeline), inside `tx`. Returns the
   * jobs purged, whose queue entries may go too. Runs before the deliveries' purge: it reads their
   * bodies and columns for the values to scrub.
   */
  async purgePersonalData(tx: EntityManager, retentionDays: number): Promise<JobRun[]> {
    // Attempts and timeline first: they find the due jobs by data_purged_at, which the jobs' update sets.
    await tx.query(
      `WITH ${DUE_JOBS_SQL}
       UPDATE sync_attempts a SET response_excerpt = NULL, field_errors = NULL, error = ${scrubSql('a.error')}
         FROM due WHERE a.sync_job_id = due.id`,
      [retentionDays],
    );
    await tx.query(
      `WITH ${DUE_JOBS_SQL}
       UPDATE sync_job_events e SET detail = ${scrubSql('e.detail')}
         FROM due WHERE e.sync_job_id = due.id AND e.detail IS NOT NULL`,
      [retentionDays],
    );
    const rows: Array<{ id: string; delivery_id: string; run: number }> = await tx.query(
      // In a CTE: TypeORM answers a bare UPDATE with [rows, count].
      `WITH ${DUE_JOBS_SQL},
       u AS (UPDATE sync_jobs j SET mapped_record = NULL, found_name = NULL, last_error = ${scrubSql('j.last_error')}, data_purged_at = now()
               FROM due WHERE j.id = due.id
             RETURNING j.id, j.delivery_id, j.run)
       SELECT id, delivery_id, run FROM u`,
      [retentionDays],
    );
    return rows.map((r) => ({ id: r.id, deliveryId: r.delivery_id, run: r.run }));
  }

  /**
   * Sets the status (plus `set`, whose parameters start at $6) and appends the change to
   * sync_job_events in the same statement, so the timeline never disagrees with the row.
   * Plain status events are skipped when the status did not change (a redelivered job).
   */
  private async transition(
    id: string,
    to: SyncJobStatus,
    o: { set?: string; guard?: string; params?: unknown[]; type?: string; actor?: string; detail?: string | null },
  ): Promise<Array<{ id: string; run: number; delivery_id: string }>> {
    return this.db.query(
      `WITH prev AS (SELECT id, status FROM sync_jobs WHERE id = $1 FOR UPDATE),
       upd AS (
         UPDATE sync_jobs j SET status = $2, updated_at = now()${o.set ? `, ${o.set}` : ''}
           FROM prev WHERE j.id = prev.id${o.guard ? ` AND ${o.guard}` : ''}
         RETURNING j.id, j.run, j.delivery_id, prev.status AS from_status),
       ev AS (
         INSERT INTO sync_job_events (sync_job_id, type, from_status, to_status, actor, detail)
         SELECT id, $3, from_status, $2, $4, $5 FROM upd WHERE $3 <> 'status' OR from_status IS DISTINCT FROM $2)
       SELECT id, run, delivery_id FROM upd`,
      [id, to, o.type ?? 'status', o.actor ?? 'worker', o.detail ?? null, ...(o.params ?? [])],
    );
  }

  private async prepared<T extends QueryResultRow = QueryResultRow>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return (await this.pool.query<T>({ name, text, values })).rows;
  }
}
