import { Injectable, Logger } from '@nestjs/common';
import { SyncJobsRepository } from '../../sync/sync-jobs.repository';
import { DeliveriesService } from '../../webhooks/deliveries.service';
import { FlatchrDeliveryParser } from '../../webhooks/flatchr-delivery.parser';
import { FlatchrApiClient } from '../api/flatchr-api.client';
import { FlatchrApiError } from '../api/flatchr-api.errors';
import { FlatchrApiHireSource } from '../api/flatchr-api-hire-source';
import type { FlatchrSearchApplicant } from '../api/flatchr-api.types';
import { DayRange } from '../api/catch-up-planner';
import { parseFlatchrInstant } from '../api/flatchr-day';
import type { HiredApplicantsOptions } from '../api/hired-applicant-pages';
import type { FlatchrColumnInfo } from '../api/hired-columns';
import { FlatchrClients } from './flatchr-clients';

/** What one run (catch-up or backfill) made of Flatchr's hired applicants: found = created + duplicates + failed. */
export interface ImportCounts {
  found: number;
  /** Became a sync job (source flatchr-api). */
  created: number;
  /** Already had a sync job: a webhook or an earlier run brought them. */
  duplicates: number;
  /** Not usable as a hire (no candidate id, a name missing...) or not stored. */
  failed: number;
}

export const NO_COUNTS: Readonly<ImportCounts> = Object.freeze({ found: 0, created: 0, duplicates: 0, failed: 0 });

export interface ImportTarget {
  connectionId: string;
  /** The plain Flatchr company id webhooks send (`company_id`): the connection's first one. */
  companyId: string;
  client: FlatchrApiClient;
}

/**
 * Turns Flatchr's hired applicants of a range into hires, through the webhook's own path: the search item
 * becomes the `drag_applicant` a webhook would have brought, is parsed and checked like one, and is stored
 * with its sync job (source `flatchr-api`) unless the person already has a hire job, however it came.
 */
@Injectable()
export class FlatchrHireImport {
  private readonly logger = new Logger('Flatchr');

  constructor(
    private readonly clients: FlatchrClients,
    private readonly parser: FlatchrDeliveryParser,
    private readonly deliveries: DeliveriesService,
    private readonly syncJobs: SyncJobsRepository,
  ) {}

  /**
   * Every page of the range; `afterPage` gets the counts of that page and the window it belongs to
   * (a backfill saves its progress there, a catch-up extends its lock). Throws Flatchr's errors.
   */
  async importRange(
    target: ImportTarget,
    range: DayRange,
    afterPage: (page: ImportCounts, window: DayRange) => Promise<void>,
    options: HiredApplicantsOptions & { updatedBefore?: Date } = {},
  ): Promise<ImportCounts> {
    const total = { ...NO_COUNTS };
    const source = new FlatchrApiHireSource(target.client, {
      companyId: target.companyId,
      hiredColumns: await this.hiredColumns(target),
    });
    for await (const page of source.pages(range, options)) {
      const counts = { ...NO_COUNTS };
      for (const item of page.applicants) {
        const updatedAt = parseFlatchrInstant(item.updated_at);
        if (options.updatedBefore && updatedAt && updatedAt >= options.updatedBefore) continue;
        counts.found++;
        counts[await this.importOne(target, source, item)]++;
      }
      if (page.possiblyIncomplete) {
        this.logger.warn(`Flatchr answered at its cap for ${page.window.from}..${page.window.to}: some hires of that day may be missing`);
      }
      for (const k of Object.keys(total) as Array<keyof ImportCounts>) total[k] += counts[k];
      await afterPage(counts, page.window);
    }
    return total;
  }

  private async importOne(
    target: ImportTarget,
    source: FlatchrApiHireSource,
    item: FlatchrSearchApplicant,
  ): Promise<'created' | 'duplicates' | 'failed'> {
    const hire = await source.toDelivery(item);
    if (!hire.ok) {
      this.logger.warn(`Flatchr hire not taken (connection ${target.connectionId}): ${hire.reason}`);
      return 'failed';
    }
    const parsed = this.parser.parse(hire.delivery);
    if (parsed.kind === 'malformed' || parsed.kind === 'other') {
      this.logger.warn(`Flatchr hire of applicant ${hire.applicantId} is not a hire delivery once converted`);
      return 'failed';
    }
    if (parsed.kind === 'invalid-hire') {
      // Logged, not stored: every catch-up pass meets it again, and a rejected delivery has no dedupe key.
      const fields = parsed.problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; ');
      this.logger.warn(`Flatchr hire of applicant ${hire.applicantId} lacks what a hire needs (${fields})`);
      return 'failed';
    }
    const { companyId, candidateId } = parsed.summary;
    if (companyId !== null && candidateId !== null && (await this.syncJobs.hireJobOfPerson(companyId, candidateId))) return 'duplicates';
    const stored = await this.deliveries.ingestFromFlatchrApi(parsed.summary);
    return stored.status === 'queued' ? 'created' : 'duplicates';
  }

  /** The board's hired columns; without them (Flatchr cannot list them now) the hired filter alone decides. */
  private async hiredColumns(target: ImportTarget): Promise<FlatchrColumnInfo[] | undefined> {
    try {
      return await this.clients.hiredColumns(target.client);
    } catch (err) {
      if (err instanceof FlatchrApiError && err.kind === 'key-refused') throw err;
      this.logger.warn(`Flatchr's columns could not be read: ${(err as Error).message}`);
      return undefined;
    }
  }
}
