import { FlatchrId, idToText } from '../flatchr-id';
import { FlatchrApiClient } from './flatchr-api.client';
import type { FlatchrApiVacancy, FlatchrSearchApplicant } from './flatchr-api.types';
import { DayRange } from './catch-up-planner';
import { HiredApplicantsOptions, HiredApplicantsPage, iterateHiredApplicants } from './hired-applicant-pages';
import { FlatchrColumnInfo } from './hired-columns';
import {
  candidateIdOfApplicant,
  candidateIdOfSearchItem,
  SearchHireResult,
  searchApplicantToHireDelivery,
} from './search-applicant-to-delivery';

export interface FlatchrApiHireSourceOptions {
  /** The plain company id webhooks send (`company_id`), the employee key's company. */
  companyId: FlatchrId;
  /** The company's hired columns (hiredColumnsOf(await client.listColumns())), to name the column's id. */
  hiredColumns?: readonly FlatchrColumnInfo[];
}

/** A hired applicant found through the API, as a webhook-shaped delivery or the reason it is not one. */
export type FoundHire = { item: FlatchrSearchApplicant; applicantId: string | null } & SearchHireResult;

/**
 * Hired applicants from Flatchr's API as webhook-shaped deliveries, for one company and one run (catch-up
 * or backfill): it caches the vacancies it read, and reads the company's vacancy list at most once.
 */
export class FlatchrApiHireSource {
  private readonly vacancies = new Map<string, FlatchrApiVacancy | null>();
  private vacancyList: Promise<FlatchrApiVacancy[]> | null = null;

  constructor(
    readonly client: FlatchrApiClient,
    private readonly options: FlatchrApiHireSourceOptions,
  ) {}

  /** The search pages of a range (planCatchUpWindow / planBackfillRange). */
  pages(range: DayRange, options?: HiredApplicantsOptions): AsyncGenerator<HiredApplicantsPage> {
    return iterateHiredApplicants(this.client, range, options);
  }

  /** One search item -> its delivery, reading the vacancy (and the candidate id, per the reading) from Flatchr. */
  async toDelivery(item: FlatchrSearchApplicant): Promise<FoundHire> {
    const applicantId = idToText(item?.applicant);
    const candidateId = await this.candidateIdOf(item, applicantId);
    const vacancy = await this.vacancyOf(item);
    const result = searchApplicantToHireDelivery(item, {
      companyId: this.options.companyId,
      companyKey: this.client.companyKey,
      candidateId,
      vacancy,
      hiredColumns: this.options.hiredColumns,
    });
    return { item, applicantId, ...result };
  }

  private async candidateIdOf(item: FlatchrSearchApplicant, applicantId: string | null): Promise<string | null> {
    const own = candidateIdOfSearchItem(item);
    if (own !== null || this.client.readings.candidateIdSource === 'search-result' || applicantId === null) return own;
    return candidateIdOfApplicant(await this.client.getApplicant(applicantId));
  }

  /**
   * GET /vacancy/{id} first; when Flatchr does not know that id (the search's `vacancy_id` is a plain
   * integer in D while paths take encoded ids), the company's list, matched on `id` or `vacancy_id`.
   */
  async vacancyOf(item: FlatchrSearchApplicant): Promise<FlatchrApiVacancy | null> {
    const id = idToText(item?.vacancy_id);
    if (id === null) return null;
    if (this.vacancies.has(id)) return this.vacancies.get(id)!;
    let vacancy = await this.client.getVacancy(id);
    if (vacancy === null) {
      this.vacancyList ??= this.client.listVacancies();
      const list = await this.vacancyList;
      vacancy = list.find((v) => idToText(v?.id) === id || idToText(v?.vacancy_id) === id) ?? null;
    }
    this.vacancies.set(id, vacancy);
    return vacancy;
  }
}
