/**
 * Every point of Flatchr's REST API that its public docs leave open (docs/flatchr-api.md), decided in
 * this one place. The client and the mappers read these values and nothing else; a test per reading
 * runs the mock in that reading. Change a value here (or pass `readings` to FlatchrApiClient) once a
 * real account shows which one holds.
 */
export interface FlatchrApiReadings {
  /**
   * How `hired` goes in the search body. The parameter table says boolean; every documented example
   * sends the string "true".
   */
  hiredFilter: 'string' | 'boolean';
  /**
   * Paging of POST /search/applicants. `none`: one bare array per query, as documented (a wide window is
   * split by days instead). `page`: the server honours page and size fields in the body (names below).
   */
  searchPaging: { kind: 'none' } | { kind: 'page'; pageField: string; sizeField: string; firstPage: 0 | 1 };
  /**
   * A silent result cap: a search answering this many items may have been cut off, so its window is
   * split in two and asked again. null: Flatchr is read as answering every match.
   */
  searchResultCap: number | null;
  /**
   * Where a search result's plain candidate id (the employee key's, as webhooks send it) comes from:
   * `candidate_id` on the search item itself (the applicant schema has it; the search table is cut off),
   * or the applicant read from the 2020 route GET /company/{key}/applicant/{applicantId}.
   */
  candidateIdSource: 'search-result' | 'applicant-endpoint';
  /** Comment creation: the docs set a JSON Content-Type but send multipart `-F` fields. */
  commentEncoding: 'json' | 'multipart';
  /** POST .../trait (a tag on the applicant): the page says `Bearer {token}` without saying which token. */
  tagAuth: 'api-key' | 'user-token';
}

const CHOSEN: FlatchrApiReadings = {
  hiredFilter: 'string',
  searchPaging: { kind: 'none' },
  searchResultCap: null,
  candidateIdSource: 'search-result',
  commentEncoding: 'json',
  tagAuth: 'api-key',
};

export const FLATCHR_API_READINGS: Readonly<FlatchrApiReadings> = Object.freeze(CHOSEN);

export function flatchrApiReadings(overrides: Partial<FlatchrApiReadings> = {}): FlatchrApiReadings {
  return { ...FLATCHR_API_READINGS, ...overrides };
}

/**
 * The day filters' edges are open too: whether `end_update` is inclusive, and in which time zone Flatchr
 * cuts days (UTC or Europe/Paris). The planner does not choose: it widens every window by these margins
 * so each reading finds the same applicants (see catch-up-planner.ts).
 */
export const DAY_FILTER_MARGINS = Object.freeze({
  /** Days asked before the first one wanted: a Paris day starts up to 2 h before the UTC one. */
  beforeDays: 1,
  /** Days asked after the last one wanted: one for an exclusive end, one for the Paris day running ahead. */
  afterDays: 2,
});
