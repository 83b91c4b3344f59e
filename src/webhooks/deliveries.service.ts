import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { CompanySettings } from '../connections/company-settings';
import { UNASSIGNED_HRIS } from '../sync/sync-job-status';
import { HireSyncProducer } from '../sync/hire-sync.producer';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';
import { DeliveriesRepository, DeliveryColumns } from './deliveries.repository';
import { DeliveryBatchWriter } from './delivery-batch-writer';
import { DeliveryStatus } from './delivery.entity';
import { DeliverySummary } from './flatchr-delivery.parser';
import { FieldProblem } from './validation-errors';

export interface IngestResult {
  id: string;
  status: DeliveryStatus;
  duplicateOf?: string;
  syncJobId?: string;
}

/**
 * The body as JSON text for the jsonb column. The request's own bytes are used when they are at
 * hand (no second JSON.stringify of 5 KB per delivery); Postgres normalises either the same way.
 */
function payloadJsonOf(body: unknown, rawBody: Buffer | undefined): string {
  if (rawBody) {
    const text = rawBody.toString('utf8');
    if (!text.includes('\\u0000')) return text;
  }
  return toJsonb(body);
}

/** Postgres cannot store U+0000 in jsonb; it is replaced rather than the whole delivery being refused. */
function toJsonb(body: unknown): string {
  const json = JSON.stringify(body);
  // The replacer pass is slow; only bodies that contain an escaped NUL need it.
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(body, (_key, value: unknown) =>
    // eslint-disable-next-line no-control-regex -- U+0000 is the character jsonb refuses
    typeof value === 'string' && value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value,
  );
}

/**
 * Stores each delivery before anything else happens to it (new ones in batches, see DeliveryBatchWriter),
 * recognises redeliveries, and hands hires to the queue.
 */
@Injectable()
export class DeliveriesService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveriesService.name);

  private readonly writer: DeliveryBatchWriter;

  private readonly handOffs = new Set<Promise<void>>();

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly producer: HireSyncProducer,
    private readonly syncJobs: SyncJobsRepository,
    private readonly companies: CompanySettings,
  ) {
    // The HRIS is chosen by the worker when the job first runs (the company's connection then).
    this.writer = new DeliveryBatchWriter((items) => this.deliveries.insertNew(items, UNASSIGNED_HRIS));
  }

  /** `rawBody`: the request's bytes, which Fastify parsed into `summary.body`. */
  async ingest(summary: DeliverySummary, isHire: boolean, correlationId?: string, rawBody?: Buffer): Promise<IngestResult> {
    if (isHire) {
      // Flatchr's API ids are not the webhook's (encoded applicant id): a hire the catch-up brought first is matched by person.
      const fromApi = await this.hireFromFlatchrApi(summary);
      if (fromApi) return this.recordDuplicate(summary, isHire, fromApi);
    }
    const stored = await this.writer.write({
      ...columnsOf(summary),
      dedupeKey: summary.dedupeKey,
      payloadJson: payloadJsonOf(summary.body, rawBody),
      isHire,
    });
    if (!stored) return this.recordDuplicate(summary, isHire);

    const { deliveryId: id, syncJobId } = stored;
    if (!isHire || !syncJobId) return { id, status: 'ignored' };
    // Rare (a sender's inconsistency): written before the 202, so the job never shows without it.
    if (summary.warnings?.length) await this.syncJobs.recordWarnings(syncJobId, summary.warnings);

    // Answered as soon as the rows are committed; the hand-off to Redis follows. Flatchr does not
    // wait on the queue, and a job that does not make it is added by the reconciler.
    const handOff = this.handOff(id, syncJobId, correlationId);
    this.handOffs.add(handOff);
    void handOff.finally(() => this.handOffs.delete(handOff));
    return { id, status: 'queued', syncJobId };
  }

  /** Hand-offs under way finish before the queue's Redis connection closes (onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.handOffs]);
  }

  private async handOff(deliveryId: string, syncJobId: string, correlationId?: string): Promise<void> {
    try {
      await this.producer.enqueuePush({ syncJobId, deliveryId, correlationId });
      this.logger.log({ msg: 'hire queued', deliveryId, syncJobId, correlationId });
    } catch (err) {
      // The delivery and its job are committed: the reconciler enqueues it once Redis is back.
      this.logger.error({ msg: `stored but not queued yet: ${(err as Error).message}`, deliveryId, correlationId });
    }
  }

  /**
   * A hire found through Flatchr's REST API (catch-up, backfill): stored like a webhook's, its job marked
   * `flatchr-api`. Not batched with the webhooks' (a catch-up is paced by Flatchr, one item at a time).
   */
  async ingestFromFlatchrApi(summary: DeliverySummary): Promise<IngestResult> {
    const [stored] = await this.deliveries.insertNew(
      [{ ...columnsOf(summary), dedupeKey: summary.dedupeKey, payloadJson: toJsonb(summary.body), isHire: true }],
      UNASSIGNED_HRIS,
      'flatchr-api',
    );
    if (!stored) return this.recordDuplicate(summary, true);
    const { deliveryId: id, syncJobId } = stored;
    if (!syncJobId) return { id, status: 'ignored' };
    if (summary.warnings?.length) await this.syncJobs.recordWarnings(syncJobId, summary.warnings);
    await this.handOff(id, syncJobId);
    return { id, status: 'queued', syncJobId };
  }

  /** The delivery of a hire of the same person that Flatchr's API brought, if any. */
  private async hireFromFlatchrApi(summary: DeliverySummary): Promise<string | null> {
    if (summary.companyId === null || summary.candidateId === null) return null;
    // Only companies whose connection reads Flatchr's API: the others' hires keep the batched path, no extra query.
    if (!this.companies.mayHaveApiHires(summary.companyId)) return null;
    const job = await this.syncJobs.hireJobOfPerson(summary.companyId, summary.candidateId);
    return job?.source === 'flatchr-api' ? job.deliveryId : null;
  }

  /** Kept so that operators see every call Flatchr made; its body lives on the original. */
  private async recordDuplicate(summary: DeliverySummary, isHire: boolean, originalId: string | null = null): Promise<IngestResult> {
    const row = await this.deliveries.insertDuplicate(columnsOf(summary), isHire, summary.dedupeKey, originalId);
    return { id: row.id, status: 'duplicate', duplicateOf: row.duplicateOf ?? undefined };
  }

  /** A hire that lacks what a hire needs: stored (so it is visible and replayable), then refused. */
  recordRejected(summary: DeliverySummary, problems: FieldProblem[]): Promise<string> {
    return this.deliveries.insertRejected(columnsOf(summary), toJsonb(summary.body), JSON.stringify({ problems }));
  }
}

function columnsOf(summary: DeliverySummary): DeliveryColumns {
  return {
    event: summary.event,
    companyId: summary.companyId,
    applicantId: summary.applicantId,
    candidateId: summary.candidateId,
    ...summary.readModel,
  };
}
