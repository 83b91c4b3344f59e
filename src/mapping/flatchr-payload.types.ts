import type { FlatchrIdValue } from './ids';

/**
 * The parts of a Flatchr `drag_applicant` delivery the mapper reads (see Flatchr's webhook
 * documentation). Ids come as integers or strings. Everything is optional here: the mapper
 * checks what a hire needs and reports what is missing.
 */
export interface FlatchrCandidate {
  id?: FlatchrIdValue;
  firstname?: unknown;
  lastname?: unknown;
  email?: unknown;
  phone?: unknown;
}

export interface FlatchrApplicant {
  id?: FlatchrIdValue;
  candidate_id?: FlatchrIdValue;
  vacancy_id?: FlatchrIdValue;
  column_id?: FlatchrIdValue;
  updated_at?: string;
}

export interface FlatchrAddress {
  locality?: unknown;
  postal_code?: unknown;
  country?: unknown;
}

export interface FlatchrVacancy {
  id?: FlatchrIdValue;
  title?: unknown;
  reference?: unknown;
  contract_type_id?: unknown;
  start_date?: unknown;
  /** Boolean in the 2022 docs; "notime" | "parttime" | "fulltime" in newer ones. */
  remote?: unknown;
  address?: FlatchrAddress | null;
  /** String; '0' means not given. */
  salary?: unknown;
  /** y, m, d, h */
  mensuality?: unknown;
  currency?: unknown;
}

export interface FlatchrColumn {
  id?: FlatchrIdValue;
  title?: string;
  hired?: boolean;
}

export interface FlatchrDragApplicantData {
  applicant_id?: FlatchrIdValue;
  candidate_id?: FlatchrIdValue;
  vacancy_id?: FlatchrIdValue;
  column_id?: FlatchrIdValue;
  candidate?: FlatchrCandidate;
  applicant?: FlatchrApplicant;
  vacancy?: FlatchrVacancy;
  column?: FlatchrColumn;
}

export interface FlatchrHireDelivery {
  event?: string;
  company_id?: FlatchrIdValue;
  data?: FlatchrDragApplicantData;
}
