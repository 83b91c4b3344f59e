import type { Pool } from 'pg';
import { MicroBatcher, Settled } from '../common/micro-batcher';

/** A delivery seen for the first time, ready to be stored; `payloadJson` is its body as JSON text. */
export interface NewDelivery {
  event: string;
  companyId: string | null;
  applicantId: string | null;
  candidateId: string | null;
  dedupeKey: string;
  payloadJson: string;
  isHire: boolean;
}

/** The stored rows, or null when a delivery with the same dedupe key exists already. */
export type WriteOutcome = { deliveryId: string; syncJobId: string | null } | null;

/**
 * One statement stores a whole batch: each delivery, and for a hire its sync job, so a hire is
 * never stored without its job. Bodies travel as one JSON array (no per-element escaping);
 * ON CONFLICT skips redeliveries, including a second copy inside the same batch (the first wins).
 */
const INSERT_BATCH_SQL = `
  WITH input AS (
    SELECT i.ord, i.event, i.company_id, i.applicant_id, i.candidate_id, i.dedupe_key, i.is_hire, p.payload
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[])
           WITH ORDINALITY AS i(event, company_id, applicant_id, candidate_id, dedupe_key, is_hire, ord)
    JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(payload, ord) ON p.ord = i.ord),
  d AS (
    INSERT INTO deliveries (event, company_id, applicant_id, candidate_id, dedupe_key, payload, status, is_hire)
    SELECT event, company_id, applicant_id, candidate_id, dedupe_key, payload,
           CASE WHEN is_hire THEN 'queued' ELSE 'ignored' END, is_hire
    FROM input ORDER BY ord
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
    RETURNING id, dedupe_key, is_hire),
  j AS (
    INSERT INTO sync_jobs (delivery_id, status, hris_system)
    SELECT id, 'queued', $8 FROM d WHERE is_hire
    RETURNING id, delivery_id)
  SELECT d.id AS delivery_id, d.dedupe_key, j.id AS sync_job_id FROM d LEFT JOIN j ON j.delivery_id = d.id`;

/** Postgres refuses some text (invalid Unicode escapes in keys, oversized values): the sender's fault, not an outage. */
export function isUnstorableInput(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '22P05' || code === '22P02' || code === '22021' || code === '54000';
}

/**
 * Stores new deliveries, many per round trip when many arrive at once (one Postgres commit for
 * the batch instead of one per delivery). The webhook still answers each delivery only once its
 * row is committed.
 */
export class DeliveryBatchWriter {
  private readonly batcher: MicroBatcher<NewDelivery, WriteOutcome>;

  constructor(
    private readonly pool: Pool,
    /** The HRIS every hire's sync job targets. */
    private readonly hrisSystem: string,
  ) {
    // 4 batches in flight leave most of the pool (10) to the dashboard and the reconciler.
    this.batcher = new MicroBatcher((items) => this.writeBatch(items), { maxBatch: 100, maxInFlight: 4 });
  }

  write(delivery: NewDelivery): Promise<WriteOutcome> {
    return this.batcher.submit(delivery);
  }

  private async writeBatch(items: NewDelivery[]): Promise<Array<Settled<WriteOutcome>>> {
    try {
      return (await this.insert(items)).map((value) => ({ ok: true, value }));
    } catch (err) {
      if (items.length === 1 || !isUnstorableInput(err)) throw err;
      // One bad body must not fail the others that shared its statement: store them one by one.
      return Promise.all(
        items.map(async (item): Promise<Settled<WriteOutcome>> => {
          try {
            return { ok: true, value: (await this.insert([item]))[0] };
          } catch (error) {
            return { ok: false, error: error as Error };
          }
        }),
      );
    }
  }

  private async insert(items: NewDelivery[]): Promise<WriteOutcome[]> {
    const { rows } = await this.pool.query<{ delivery_id: string; dedupe_key: string; sync_job_id: string | null }>(
      INSERT_BATCH_SQL,
      [
        items.map((d) => d.event),
        items.map((d) => d.companyId),
        items.map((d) => d.applicantId),
        items.map((d) => d.candidateId),
        items.map((d) => d.dedupeKey),
        items.map((d) => d.isHire),
        `[${items.map((d) => d.payloadJson).join(',')}]`,
        this.hrisSystem,
      ],
    );
    const byKey = new Map(rows.map((r) => [r.dedupe_key, r]));
    return items.map((d) => {
      const row = byKey.get(d.dedupeKey);
      if (!row) return null;
      // A second copy in the same batch is a redelivery of the first.
      byKey.delete(d.dedupeKey);
      return { deliveryId: row.delivery_id, syncJobId: row.sync_job_id };
    });
  }
}
