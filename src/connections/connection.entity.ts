import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const CONNECTION_HEALTHS = ['unknown', 'ok', 'failing'] as const;
export type ConnectionHealth = (typeof CONNECTION_HEALTHS)[number];

/** One HRIS account, serving the Flatchr companies it lists. */
@Entity({ name: 'connections' })
// A GIN index (company look-ups), which TypeORM cannot describe: the migration owns it.
@Index('IDX_connections_company_ids', { synchronize: false })
@Unique('UQ_connections_name', ['name'])
@Check('CHK_connections_health', `"health" IN ('unknown', 'ok', 'failing')`)
export class Connection {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_connections' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  provider: string;

  /** Flatchr `company_id` values, as in the webhook envelope. */
  @Column({ name: 'company_ids', type: 'text', array: true, default: () => "'{}'" })
  companyIds: string[];

  @Column({ name: 'base_url', type: 'text', nullable: true })
  baseUrl: string | null;

  /** AES-256-GCM of the credentials' JSON (credentials-cipher.ts); never sent anywhere. */
  @Column({ name: 'credentials_ciphertext', type: 'text', nullable: true })
  credentialsCiphertext: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings: Record<string, unknown>;

  @Column({ name: 'requests_per_minute', type: 'int', nullable: true })
  requestsPerMinute: number | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** `failing` once the HRIS refused the credentials; `ok` again after a success or a passing test. */
  @Column({ type: 'text', default: 'unknown' })
  health: ConnectionHealth;

  @Column({ name: 'health_detail', type: 'text', nullable: true })
  healthDetail: string | null;

  @Column({ name: 'health_changed_at', type: 'timestamptz', nullable: true })
  healthChangedAt: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  /** When the last catch-up from Flatchr's API ended, whatever its result. */
  @Column({ name: 'flatchr_last_catch_up_at', type: 'timestamptz', nullable: true })
  flatchrLastCatchUpAt: Date | null;

  /** Where the next catch-up's window starts from (the start of the last one that read every page). */
  @Column({ name: 'flatchr_last_catch_up_success_at', type: 'timestamptz', nullable: true })
  flatchrLastCatchUpSuccessAt: Date | null;

  /** Why the last catch-up failed; null after a success. */
  @Column({ name: 'flatchr_last_catch_up_error', type: 'text', nullable: true })
  flatchrLastCatchUpError: string | null;

  /** Hires the catch-up found that no webhook had brought: a sign the webhook is missing or misconfigured. */
  @Column({ name: 'flatchr_found_without_webhook', type: 'int', default: 0 })
  flatchrFoundWithoutWebhook: number;

  /** Flatchr refused the API key (expired after 365 days, or revoked); cleared by the next call it accepts. */
  @Column({ name: 'flatchr_key_refused', type: 'boolean', default: false })
  flatchrKeyRefused: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
