import type { FlatchrId } from './flatchr-id';

/**
 * The parts of a Flatchr `drag_applicant` webhook delivery that the mapper reads.
 *
 * Flatchr's documented examples are console dumps, not JSON, and the same id shows up as an
 * integer in one example and an encoded string in another, so every id is `number | string`.
 * Only what a hire cannot do without is required by the types; the mapper still checks at run
 * time, because a delivery is untrusted JSON and the types are a promise nobody enforced.
 */

export interface FlatchrCandidate {
  id?: FlatchrId | null;
  /** Required for a hire: the HRIS cannot create an employee without a name. */
  firstname: string;
  lastname: string;
  email?: string | null;
  /** Free text typed by the candidate: '+33 6 76 56 45 23', '0676564523', ''... */
  phone?: string | null;
  /** 1 active, 0 archived. */
  status?: number | null;
}

export interface FlatchrApplicant {
  id?: FlatchrId | null;
  candidate_id?: FlatchrId | null;
  vacancy_id?: FlatchrId | null;
  column_id?: FlatchrId | null;
  status?: number | null;
  /** Changes on every move: part of the delivery's dedupe key. */
  updated_at?: string | null;
}

/** Filled by Flatchr's address autocomplete; `{}` when the vacancy has no address. */
export interface FlatchrAddress {
  locality?: string | null;
  /** An integer in the docs (so French codes like 01000 may lose their leading zero). */
  postal_code?: number | string | null;
  route?: string | null;
  street_number?: number | string | null;
  /** A name ('France') or a code ('FR'). */
  country?: string | null;
  administrative_area_level_1?: string | null;
  administrative_area_level_2?: string | null;
  /** Sic: Flatchr's spelling. */
  formated_address?: string | null;
  location_lat?: number | string | null;
  location_lng?: number | string | null;
}

/** 2022 docs: boolean. Newer docs: how much of the time is remote. */
export type FlatchrRemote = boolean | 'notime' | 'parttime' | 'fulltime';

/** y yearly, m monthly, d daily, h hourly. */
export type FlatchrMensuality = 'y' | 'm' | 'd' | 'h';

export interface FlatchrVacancy {
  id?: FlatchrId | null;
  /** May carry HTML and stray spaces ('Account Executive '). */
  title?: string | null;
  reference?: string | null;
  contract_type_id?: FlatchrId | null;
  /** ISO date or date-time, or null. */
  start_date?: string | null;
  end_date?: string | null;
  remote?: FlatchrRemote | string | null;
  address?: FlatchrAddress | null;
  /** A string; '0' means "not given". */
  salary?: string | number | null;
  mensuality?: FlatchrMensuality | string | null;
  /** EUR, USD, GBP, CAD, CHF. */
  currency?: string | null;
  /** fr_FR, en_GB. */
  language?: string | null;
}

/** The board column the applicant was dragged into. */
export interface FlatchrColumn {
  id?: FlatchrId | null;
  title?: string | null;
  company_id?: FlatchrId | null;
  position?: number | null;
  visible?: boolean | null;
  /** True for the column that means "hired": drag_applicant fires for every column. */
  hired?: boolean | null;
}

export interface FlatchrDragApplicantData {
  applicant_id?: FlatchrId | null;
  candidate_id?: FlatchrId | null;
  vacancy_id?: FlatchrId | null;
  column_id?: FlatchrId | null;
  user_id?: FlatchrId | null;
  candidate: FlatchrCandidate;
  applicant?: FlatchrApplicant | null;
  vacancy?: FlatchrVacancy | null;
  /** An object in drag_applicant, a bare integer id in new_applicant. */
  column?: FlatchrColumn | FlatchrId | null;
  company?: { id?: FlatchrId | null; name?: string | null } | null;
}

/** One webhook delivery. `company_id` is the plain (integer) company id, part of externalId. */
export interface FlatchrHireDelivery {
  event?: string;
  company_id: FlatchrId;
  data: FlatchrDragApplicantData;
}
