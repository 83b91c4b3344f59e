import type { FlatchrId } from '../flatchr-id';
import type { FlatchrAddress, FlatchrRemote } from '../flatchr-payload.types';

/**
 * One item of POST /company/{key}/search/applicants, as the 2022 docs (R) and the newer site (D)
 * describe it. Every field may be missing: the newer table is cut off and the examples disagree.
 */
export interface FlatchrSearchApplicant {
  /** The applicant's encoded id: what REST paths (comment, trait) take. */
  applicant?: FlatchrId | null;
  /** The vacancy's title. */
  vacancy?: string | null;
  /** D: the vacancy's id (an integer there; REST paths take the encoded one). */
  vacancy_id?: FlatchrId | null;
  /** The column's title ("Recruté"). */
  column?: string | null;
  column_id?: FlatchrId | null;
  /** Not in either table; the applicant schema has it (a plain integer, as webhooks send it). */
  candidate_id?: FlatchrId | null;
  external_id?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
  phone?: string | null;
  /** D: 0 archived, 1 active. */
  status?: number | null;
  score?: number | null;
  /** D: whether the applicant is hired. */
  hired?: boolean | null;
  /** R: "DD/MM/YY"; D: a timestamp. */
  created_at?: string | number | null;
  updated_at?: string | number | null;
  source?: string | null;
}

/** The search body: every filter Flatchr documents, dates as MM/DD/YY. */
export interface FlatchrSearchFilters {
  firstname?: string;
  lastname?: string;
  email?: string;
  phone?: string;
  hired?: boolean;
  /** A column title, not an id. */
  column?: string;
  vacancy?: string;
  /** Creation dates, `YYYY-MM-DD` here, sent as MM/DD/YY. */
  createdFrom?: string;
  createdTo?: string;
  /** Modification dates, `YYYY-MM-DD` here, sent as `start_update`/`end_update` MM/DD/YY. */
  updatedFrom?: string;
  updatedTo?: string;
  /** Multi-account search: its expected value is undocumented. */
  company?: string;
}

/** GET /vacancy/{id} and GET /company/{key}/vacancies items: the fields a hire's record reads. */
export interface FlatchrApiVacancy {
  id?: FlatchrId | null;
  vacancy_id?: FlatchrId | null;
  title?: string | null;
  reference?: string | null;
  contract_type_id?: FlatchrId | null;
  /** The label, when Flatchr adds it ("CDI"). */
  contract_type?: string | null;
  start_date?: string | null;
  end_date?: string | null;
  remote?: FlatchrRemote | string | null;
  address?: FlatchrAddress | null;
  salary?: string | number | null;
  mensuality?: string | null;
  currency?: string | null;
  language?: string | null;
  company_id?: FlatchrId | null;
  [field: string]: unknown;
}

/** GET /company/{key}/columns items. */
export interface FlatchrApiColumn {
  id?: FlatchrId | null;
  title?: string | null;
  company_id?: FlatchrId | null;
  position?: number | null;
  visible?: boolean | null;
  /** Flags the column(s) meaning "hired". */
  hired?: boolean | null;
}

/** One entry of GET /contracts?lang=fr, read whatever the label's field is called (see contract-referential.ts). */
export interface FlatchrContractTypeEntry {
  id: string;
  label: string;
}

/** POST .../comment answer. */
export interface FlatchrComment {
  id?: number | string | null;
  text?: string | null;
  private?: boolean | null;
  created_at?: string | null;
  [field: string]: unknown;
}

/** GET /company/{key}/tags items. */
export interface FlatchrTag {
  id?: FlatchrId | null;
  name?: string | null;
  [field: string]: unknown;
}
