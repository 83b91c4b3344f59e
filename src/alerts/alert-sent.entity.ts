import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Alert, AlertKind } from './alert';
import type { ChannelResult } from './channels/alert-channel';

export const ALERT_SEND_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type AlertSendStatus = (typeof ALERT_SEND_STATUSES)[number];

/**
 * One alert per kind and subject, ever: the unique key is the de-duplication across calls and
 * processes, and the row is also the outbox the sender drains. The alert's words (names) are kept
 * only until it is sent.
 */
@Entity({ name: 'alerts_sent' })
@Index('UQ_alerts_sent_kind_subject', ['kind', 'subject'], { unique: true })
@Index('IDX_alerts_sent_status', ['status', 'nextTryAt'])
@Index('IDX_alerts_sent_sent_at', ['sentAt'])
@Check('CHK_alerts_sent_status', `"status" IN (${ALERT_SEND_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class AlertSent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_alerts_sent' })
  id: string;

  @Column({ type: 'text' })
  kind: AlertKind;

  /** A sync job id, a connection id, or a fixed word for service-wide alerts. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text', default: 'pending' })
  status: AlertSendStatus;

  /** The alert as worded when raised; emptied once sent (it names a person). */
  @Column({ type: 'jsonb', nullable: true })
  alert: Alert | null;

  /** 'single' or 'digest': how it went out. */
  @Column({ name: 'sent_as', type: 'text', nullable: true })
  sentAs: 'single' | 'digest' | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Each channel's answer to the last try. */
  @Column({ type: 'jsonb', nullable: true })
  results: ChannelResult[] | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'next_try_at', type: 'timestamptz', default: () => 'now()' })
  nextTryAt: Date;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
