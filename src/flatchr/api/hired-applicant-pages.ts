import { idToText } from '../flatchr-id';
import { FlatchrAnswerTooLargeError, FlatchrApiClient } from './flatchr-api.client';
import type { FlatchrSearchApplicant } from './flatchr-api.types';
import { DayRange, halveWindow, splitRange } from './catch-up-planner';

/** One answer of the search, with only the applicants not seen earlier in this iteration. */
export interface HiredApplicantsPage {
  window: DayRange;
  /** 1-based within the window (always 1 unless Flatchr pages, see readings.searchPaging). */
  page: number;
  applicants: FlatchrSearchApplicant[];
  /** Flatchr answered at its cap for a window of one day that cannot be narrowed: some may be missing. */
  possiblyIncomplete: boolean;
}

export interface HiredApplicantsOptions {
  /** Days per search; default 7 (a catch-up window is shorter, so it is one search). */
  windowDays?: number;
  /** Page size in the `page` paging reading; default 100. */
  pageSize?: number;
  /** Pages per window in the `page` reading before giving up on that window; default 200. */
  maxPagesPerWindow?: number;
}

/**
 * Hired applicants modified within a range, searched window by window (and page by page when Flatchr
 * pages), each applicant yielded once however many windows return it. A window whose answer is too
 * large to read, or reaches readings.searchResultCap, is halved and asked again.
 */
export async function* iterateHiredApplicants(
  client: FlatchrApiClient,
  range: DayRange,
  options: HiredApplicantsOptions = {},
): AsyncGenerator<HiredApplicantsPage> {
  const seen = new Set<string>();
  const pending = splitRange(range, options.windowDays ?? 7);
  const paging = client.readings.searchPaging;
  const cap = client.readings.searchResultCap;
  const fresh = (items: FlatchrSearchApplicant[]) =>
    items.filter((item) => {
      if (typeof item !== 'object' || item === null) return false;
      const key = idToText(item.applicant) ?? `${item.email ?? ''}|${item.vacancy_id ?? item.vacancy ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });

  while (pending.length > 0) {
    const window = pending.shift()!;
    if (paging.kind === 'page') {
      const size = options.pageSize ?? 100;
      const maxPages = options.maxPagesPerWindow ?? 200;
      for (let n = 1; n <= maxPages; n++) {
        const items = await client.searchHiredApplicants(window, { page: paging.firstPage + n - 1, size });
        const last = items.length < size;
        yield { window, page: n, applicants: fresh(items), possiblyIncomplete: !last && n === maxPages };
        if (last) break;
      }
      continue;
    }
    let items: FlatchrSearchApplicant[] | null = null;
    try {
      items = await client.searchHiredApplicants(window);
    } catch (err) {
      if (!(err instanceof FlatchrAnswerTooLargeError)) throw err;
    }
    const full = items === null || (cap !== null && items.length >= cap);
    const halves = full ? halveWindow(window) : null;
    if (halves) {
      pending.unshift(...halves);
      continue;
    }
    yield { window, page: 1, applicants: fresh(items ?? []), possiblyIncomplete: full };
  }
}
