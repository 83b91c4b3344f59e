import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BackfillStatus } from './flatchr-backfill.entity';
import type { ImportCounts } from './flatchr-hire-import';

/** A backfill as stored. */
export interface BackfillRow extends ImportCounts {
  id: string;
  connectionId: string;
  since: string;
  status: BackfillStatus;
  doneUntil: string | null;
  error: string | null;
  requestedBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

interface RawRow {
  id: string;
  connection_id: string;
  since: string;
  status: BackfillStatus;
  found: number;
  created: number;
  duplicates: number;
  failed: number;
  done_until: string | null;
  error: string | null;
  requested_by: string;
  created_at: Date;
  finished_at: Date | null;
}

// Dates as text: a `date` column read through pg becomes a local-midnight Date otherwise.
const SELECT = `id, connection_id, since::text AS since, status, found, created, duplicates, failed,
  done_until::text AS done_until, error, requested_by, created_at, finished_at`;

function toRow(r: RawRow): BackfillRow {
  return {
    id: r.id,
    connectionId: r.connection_id,
    since: r.since,
    status: r.status,
    found: r.found,
    created: r.created,
    duplicates: r.duplicates,
    failed: r.failed,
    doneUntil: r.done_until,
    error: r.error,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

/** Every statement on `flatchr_backfills`. */
@Injectable()
export class FlatchrBackfillsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(connectionId: string, since: string, requestedBy: string): Promise<BackfillRow> {
    const rows: RawRow[] = await this.db.query(
      `INSERT INTO flatchr_backfills (connection_id, since, requested_by) VALUES ($1, $2::date, $3) RETURNING ${SELECT}`,
      [connectionId, since, requestedBy],
    );
    return toRow(rows[0]);
  }

  async find(connectionId: string, id: string): Promise<BackfillRow | null> {
    const rows: RawRow[] = await this.db.query(`SELECT ${SELECT} FROM flatchr_backfills WHERE id = $1 AND connection_id = $2`, [
      id,
      connectionId,
    ]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The connection's latest backfills, newest first: what its dashboard page shows. */
  async recent(connectionId: string, limit: number): Promise<BackfillRow[]> {
    const rows: RawRow[] = await this.db.query(
      `SELECT ${SELECT} FROM flatchr_backfills WHERE connection_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [connectionId, limit],
    );
    return rows.map(toRow);
  }

  /**
   * The oldest backfill to run: a pending one, or a running one whose process stopped refreshing it
   * (it crashed or was restarted): it resumes from its saved progress.
   */
  async claimNext(staleAfterMs: number): Promise<BackfillRow | null> {
    const rows: RawRow[] = await this.db.query(
      // In a CTE: TypeORM answers a bare UPDATE with [rows, count].
      `WITH claimed AS (
         UPDATE flatchr_backfills SET status = 'running', claimed_at = now(), updated_at = now()
          WHERE id = (SELECT id FROM flatchr_backfills
                       WHERE status = 'pending' OR (status = 'running' AND claimed_at < now() - make_interval(secs => $1))
                       ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
         RETURNING *)
       SELECT ${SELECT} FROM claimed`,
      [staleAfterMs / 1000],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Back to pending, untouched: its company was busy (a catch-up), it runs on a later pass. */
  async release(id: string): Promise<void> {
    await this.db.query(`UPDATE flatchr_backfills SET status = 'pending', claimed_at = NULL, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Whether a backfill of the connection is waiting or running: its catch-ups give way (the backfill reaches today). */
  async activeFor(connectionId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM flatchr_backfills WHERE connection_id = $1 AND status IN ('pending', 'running') LIMIT 1`,
      [connectionId],
    );
    return rows.length > 0;
  }

  /** Still running: keeps another process from taking it over. */
  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE flatchr_backfills SET claimed_at = now() WHERE id = $1 AND status = 'running'`, [id]);
  }

  /** One page handled: its counts added, the window it belongs to saved as the place to resume from. */
  async progress(id: string, page: ImportCounts, resumeFrom: string): Promise<void> {
    await this.db.query(
      `UPDATE flatchr_backfills
          SET found = found + $2, created = created + $3, duplicates = duplicates + $4, failed = failed + $5,
              done_until = $6::date, claimed_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, page.found, page.created, page.duplicates, page.failed, resumeFrom],
    );
  }

  async finish(id: string, status: Extract<BackfillStatus, 'succeeded' | 'failed'>, error: string | null): Promise<void> {
    await this.db.query(
      `UPDATE flatchr_backfills SET status = $2, error = $3, finished_at = now(), claimed_at = NULL, updated_at = now() WHERE id = $1`,
      [id, status, error],
    );
  }
}
