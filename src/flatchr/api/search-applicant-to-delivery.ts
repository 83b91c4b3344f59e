import { FlatchrId, idToText } from '../flatchr-id';
import type { FlatchrHireDelivery, FlatchrVacancy } from '../flatchr-payload.types';
import type { FlatchrApiVacancy, FlatchrSearchApplicant } from './flatchr-api.types';
import { parseFlatchrInstant } from './flatchr-day';
import { explainNotHired, FlatchrColumnInfo, isHiredColumn } from './hired-columns';

export interface SearchHireContext {
  /** The plain company id webhooks carry in `company_id` (60): the employee key's company. */
  companyId: FlatchrId;
  /** The encoded company key, kept in `data.company.id` as webhooks do. */
  companyKey?: string | null;
  /** The candidate's plain id (from the search item or the applicant route, per readings.candidateIdSource). */
  candidateId: FlatchrId | null;
  /** Vacancy details from GET /vacancy/{id}, when the search result lacks them. */
  vacancy?: FlatchrApiVacancy | null;
  /** The company's hired columns (hiredColumnsOf): an item Flatchr does not flag `hired` must be in one of them. */
  hiredColumns?: readonly FlatchrColumnInfo[];
}

/** A delivery shaped like a webhook drag_applicant into a hired column, or why there is none. */
export type SearchHireResult = { ok: true; delivery: FlatchrHireDelivery & { event: 'drag_applicant' } } | { ok: false; reason: string };

/**
 * A search result (hired applicant + its vacancy) -> the `drag_applicant` delivery a webhook would have
 * brought, so it goes through the same hire detection (isHireDelivery), mapping
 * (mapFlatchrHireToEmployee) and employee key (company_id + candidate id) as webhooks: a person who
 * came both ways is one employee. Pure.
 *
 * Not a hire: an item Flatchr flags `hired: false`, and one without a plain candidate id (keying it on
 * anything else would create the person a second time when the webhook's id arrives).
 * Missing names are left to the mapper, which refuses them as it refuses a webhook's.
 */
export function searchApplicantToHireDelivery(item: FlatchrSearchApplicant, context: SearchHireContext): SearchHireResult {
  const applicantId = idToText(item?.applicant);
  if (applicantId === null) return { ok: false, reason: 'the search result has no applicant id' };
  if (item.hired === false) return { ok: false, reason: `applicant ${applicantId} is not flagged hired` };
  const candidateId = idToText(context.candidateId);
  if (candidateId === null) {
    return {
      ok: false,
      reason: `applicant ${applicantId}: no plain candidate id, so it cannot be matched with its webhook (readings.candidateIdSource)`,
    };
  }

  const columnTitle = typeof item.column === 'string' && item.column.trim() !== '' ? item.column.trim() : null;
  // R's search answer has no `hired` field: with the board's columns known, an item in another column is
  // what a server that ignored the hired filter would return, not a hire.
  if (
    item.hired !== true &&
    context.hiredColumns &&
    context.hiredColumns.length > 0 &&
    !isHiredColumn({ title: columnTitle }, context.hiredColumns)
  ) {
    return {
      ok: false,
      reason: `applicant ${applicantId}: ${explainNotHired({ title: columnTitle, id: item.column_id }, context.hiredColumns)}`,
    };
  }
  // Only the search's own column id: one looked up in the board list would change the dedupe key between runs that did and did not read it.
  const columnId = idToText(item.column_id);
  const vacancy = vacancyFor(item, context.vacancy ?? null);
  const vacancyId = idToText(context.vacancy?.id) ?? idToText(item.vacancy_id);
  const updatedAt = instantText(item.updated_at);

  return {
    ok: true,
    delivery: {
      event: 'drag_applicant',
      company_id: context.companyId,
      data: {
        applicant_id: applicantId,
        candidate_id: candidateId,
        vacancy_id: vacancyId,
        column_id: columnId,
        candidate: {
          id: candidateId,
          firstname: item.firstname as string,
          lastname: item.lastname as string,
          email: item.email ?? null,
          phone: item.phone ?? null,
          status: item.status ?? null,
        },
        applicant: {
          id: applicantId,
          candidate_id: candidateId,
          vacancy_id: vacancyId,
          column_id: columnId,
          status: item.status ?? null,
          ...(updatedAt !== null ? { updated_at: updatedAt } : {}),
        },
        vacancy,
        // The search asked for hired applicants only: the column is a hired one even when the board's list was not read.
        column: { id: columnId, title: columnTitle, hired: true },
        company: context.companyKey ? { id: context.companyKey } : null,
      },
    },
  };
}

function vacancyFor(item: FlatchrSearchApplicant, details: FlatchrApiVacancy | null): FlatchrVacancy | null {
  const title = typeof item.vacancy === 'string' ? item.vacancy : null;
  if (!details) return title !== null || item.vacancy_id != null ? { id: item.vacancy_id ?? null, title } : null;
  return {
    id: details.id ?? item.vacancy_id ?? null,
    title: details.title ?? title,
    reference: details.reference ?? null,
    contract_type_id: details.contract_type_id ?? null,
    start_date: details.start_date ?? null,
    end_date: details.end_date ?? null,
    remote: details.remote ?? null,
    address: details.address ?? null,
    salary: details.salary ?? null,
    mensuality: details.mensuality ?? null,
    currency: details.currency ?? null,
    language: details.language ?? null,
  };
}

/** `updated_at` as ISO text, so the same change gives the same dedupe key whatever format Flatchr used. */
function instantText(value: unknown): string | null {
  const at = parseFlatchrInstant(value);
  if (at) return at.toISOString();
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The plain candidate id a search item carries, if any (readings.candidateIdSource = 'search-result'). */
export function candidateIdOfSearchItem(item: FlatchrSearchApplicant): string | null {
  return idToText(item?.candidate_id);
}

/** The plain candidate id in an applicant read from GET /company/{key}/applicant/{id} ('applicant-endpoint'). */
export function candidateIdOfApplicant(applicant: Record<string, unknown> | null): string | null {
  if (!applicant) return null;
  const candidate = applicant.candidate;
  return (
    idToText(applicant.candidate_id) ??
    (typeof candidate === 'object' && candidate !== null ? idToText((candidate as Record<string, unknown>).id) : null)
  );
}
