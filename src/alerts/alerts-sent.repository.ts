import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Alert, AlertKind } from './alert';
import type { AlertSendStatus } from './alert-sent.entity';
import type { ChannelResult } from './channels/alert-channel';

// Any constant works; it only has to be the same for every replica of this service.
export const ALERT_SENDER_LOCK_ID = 724_911_002;

/** Alerts claimed for one send: one by one, or all in one digest. */
export interface ClaimedAlerts {
  mode: 'single' | 'digest';
  rows: Array<{ id: string; alert: Alert }>;
}

export interface SentAlertRow {
  kind: AlertKind;
  subject: string;
  status: AlertSendStatus;
  sentAs: 'single' | 'digest' | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  results: ChannelResult[] | null;
}

/** When to send alerts one by one, and when to hold them for a digest. */
export interface DigestPolicy {
  /** More than this many alerts within the window go out as one digest. */
  threshold: number;
  windowSeconds: number;
  /** A claim older than this is taken as lost (its sender died) and is claimed again. */
  claimExpirySeconds: number;
}

/** Every statement on `alerts_sent`. */
@Injectable()
export class AlertsSentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Queues the alert unless one of its kind and subject exists already; true when this call
   * queued it. The unique key makes this the de-duplication, across calls and processes alike.
   */
  async enqueue(alert: Alert): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO alerts_sent (kind, subject, alert) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (kind, subject) DO NOTHING RETURNING id`,
      [alert.kind, alert.subject, JSON.stringify(alert)],
    );
    return rows.length > 0;
  }

  /** Which of these subjects have an alert of `kind` already. */
  async existingSubjects(kind: AlertKind, subjects: string[]): Promise<Set<string>> {
    if (subjects.length === 0) return new Set();
    const rows: Array<{ subject: string }> = await this.db.query(
      `SELECT subject FROM alerts_sent WHERE kind = $1 AND subject = ANY($2::text[])`,
      [kind, subjects],
    );
    return new Set(rows.map((r) => r.subject));
  }

  /**
   * Ends an episode (a connection failing, a backlog): the next one alerts again. Returns the
   * ended alert's id, or null when there was none, so that exactly one caller says "works again".
   */
  async clear(kind: AlertKind, subject: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH d AS (DELETE FROM alerts_sent WHERE kind = $1 AND subject = $2 RETURNING id) SELECT id FROM d`,
      [kind, subject],
    );
    return rows[0] ? String(rows[0].id) : null;
  }

  /**
   * Claims the alerts due for sending, under a lock so that one process decides at a time:
   * one by one while the window holds at most `threshold` alerts, else one digest per window
   * (alerts arriving after a digest wait for the next one). Null when there is nothing to send now.
   */
  async claimDue(policy: DigestPolicy, limit = 200): Promise<ClaimedAlerts | null> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [ALERT_SENDER_LOCK_ID]);
      if (!locked) return null;
      const due: Array<{ id: string; alert: Alert }> = await tx.query(
        `SELECT id, alert FROM alerts_sent
          WHERE (status = 'pending' AND next_try_at <= now())
             OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $1))
          ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [policy.claimExpirySeconds, limit],
      );
      if (due.length === 0) return null;
      const [window] = await tx.query(
        `SELECT count(*)::int AS recent, count(*) FILTER (WHERE sent_as = 'digest')::int AS digests FROM alerts_sent
          WHERE status IN ('sending', 'sent') AND COALESCE(sent_at, claimed_at) > now() - make_interval(secs => $1)`,
        [policy.windowSeconds],
      );
      let mode: ClaimedAlerts['mode'] = 'single';
      if (window.recent + due.length > policy.threshold) {
        if (window.digests > 0) return null;
        mode = 'digest';
      }
      await tx.query(
        `UPDATE alerts_sent SET status = 'sending', claimed_at = now(), sent_as = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])`,
        [due.map((r) => r.id), mode],
      );
      return { mode, rows: due.map((r) => ({ id: String(r.id), alert: r.alert })) };
    });
  }

  /** Sent through at least one channel: the words (names) are dropped, the fact and the answers kept. */
  async markSent(ids: string[], results: ChannelResult[]): Promise<void> {
    await this.db.query(
      `UPDATE alerts_sent SET status = 'sent', sent_at = now(), alert = NULL, results = $2::jsonb WHERE id = ANY($1::bigint[])`,
      [ids, JSON.stringify(results)],
    );
  }

  /**
   * No channel took it: tried again after `retryAfterSeconds`, or given up (words dropped) after
   * `maxAttempts`. Held digests go back to single alerts' rules on their next try.
   */
  async markUnsent(ids: string[], results: ChannelResult[], retryAfterSeconds: number, maxAttempts: number): Promise<void> {
    await this.db.query(
      `UPDATE alerts_sent
          SET status = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'pending' END,
              alert = CASE WHEN attempts >= $4 THEN NULL ELSE alert END,
              sent_as = NULL, claimed_at = NULL, results = $2::jsonb,
              next_try_at = now() + make_interval(secs => $3 * attempts)
        WHERE id = ANY($1::bigint[])`,
      [ids, JSON.stringify(results), retryAfterSeconds, maxAttempts],
    );
  }

  /** The latest alerts, newest first, for the Settings page (no words: only kind, subject and outcome). */
  async recent(limit: number): Promise<SentAlertRow[]> {
    const rows: Array<{
      kind: AlertKind;
      subject: string;
      status: AlertSendStatus;
      sent_as: 'single' | 'digest' | null;
      attempts: number;
      created_at: Date;
      sent_at: Date | null;
      results: ChannelResult[] | null;
    }> = await this.db.query(
      `SELECT kind, subject, status, sent_as, attempts, created_at, sent_at, results FROM alerts_sent ORDER BY created_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      kind: r.kind,
      subject: r.subject,
      status: r.status,
      sentAs: r.sent_as,
      attempts: r.attempts,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      results: r.results,
    }));
  }
}
