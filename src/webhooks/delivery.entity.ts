import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['queued', 'ignored', 'duplicate', 'rejected'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One webhook call from Flatchr, kept as received: nothing Flatchr sent is invisible or lost. */
@Entity({ name: 'deliveries' })
@Index('IDX_deliveries_received_at', ['receivedAt'])
@Index('IDX_deliveries_status_received', ['status', 'receivedAt'])
@Index('IDX_deliveries_candidate_id', ['candidateId'])
@Index('IDX_deliveries_applicant_id', ['applicantId'])
export class Delivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_deliveries' })
  id: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'text' })
  event: string;

  @Column({ name: 'company_id', type: 'text', nullable: true })
  companyId: string | null;

  @Column({ name: 'applicant_id', type: 'text', nullable: true })
  applicantId: string | null;

  @Column({ name: 'candidate_id', type: 'text', nullable: true })
  candidateId: string | null;

  /** Unique among originals; a redelivery is stored with a null key and points at its original. */
  @Index('UQ_deliveries_dedupe_key', { unique: true, where: '"dedupe_key" IS NOT NULL' })
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey: string | null;

  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf: string | null;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ name: 'is_hire', type: 'boolean', default: false })
  isHire: boolean;

  /** Raw body as received; null for duplicates (their original holds the same body). */
  @Column({ type: 'jsonb', nullable: true })
  payload: unknown;

  @Column({ type: 'jsonb', nullable: true })
  error: unknown;

  /**
   * Who and for which vacancy, read from the body at ingestion (a duplicate gets its original's):
   * the dashboard lists and searches these, never the body. The person's columns are personal
   * data, emptied with the payload.
   */
  @Column({ name: 'candidate_first_name', type: 'text', nullable: true })
  candidateFirstName: string | null;

  @Column({ name: 'candidate_last_name', type: 'text', nullable: true })
  candidateLastName: string | null;

  @Column({ name: 'candidate_email', type: 'text', nullable: true })
  candidateEmail: string | null;

  @Column({ name: 'vacancy_title', type: 'text', nullable: true })
  vacancyTitle: string | null;

  @Column({ name: 'company_name', type: 'text', nullable: true })
  companyName: string | null;

  /** Set when the retention policy removed the payload (personal data); the outcome stays. */
  @Column({ name: 'payload_purged_at', type: 'timestamptz', nullable: true })
  payloadPurgedAt: Date | null;
}
