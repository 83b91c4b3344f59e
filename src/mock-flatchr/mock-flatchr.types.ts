import type { FlatchrApiColumn, FlatchrApiVacancy } from '../flatchr/api/flatchr-api.types';

/** An applicant the mock holds: what its search, applicant route and comments read. */
export interface MockFlatchrApplicant {
  /** Encoded applicant id (REST paths). */
  id: string;
  /** Plain candidate id, as webhooks send it. */
  candidateId: number;
  firstname: string;
  lastname: string;
  email: string | null;
  phone?: string | null;
  /** Encoded vacancy id. */
  vacancyId: string | null;
  /** Column title. */
  column: string;
  hired: boolean;
  /** 1 active, 0 archived. */
  status?: number;
  createdAt: string;
  updatedAt: string;
  source?: string;
}

/** A vacancy: encoded `id` and plain `vacancy_id` both required here. */
export type MockFlatchrVacancy = FlatchrApiVacancy & { id: string; vacancy_id: number; title: string };

/**
 * The mock's readings of Flatchr's unconfirmed points (see src/flatchr/api/flatchr-api-readings.ts):
 * each can be set to show one reading, so a test per reading runs the client against it.
 */
export interface MockFlatchrReadings {
  /** Which `hired` spelling the search understands; the other is ignored (no filter), as a server would. Default either. */
  hiredFilter: 'string' | 'boolean' | 'either';
  /** `none`: bare array, silently cut at `cap` when set. `page`: page/size fields honoured. */
  paging: { kind: 'none'; cap?: number } | { kind: 'page'; pageField: string; sizeField: string; firstPage: 0 | 1 };
  /** `end_update`/`end` include their day (default) or stop before it. */
  endDateInclusive: boolean;
  /** Search items carry `candidate_id` (default true). */
  searchIncludesCandidateId: boolean;
  /** GET /company/{key}/applicant/{id} (the 2020 route) answers (default true). */
  applicantRoute: boolean;
  /** The search's `vacancy_id`: the encoded id (default) or the plain integer (D's table); /vacancy/{id} takes encoded ids only. */
  searchVacancyId: 'encoded' | 'plain';
  /** Comment bodies understood. Default either. */
  commentEncoding: 'json' | 'multipart' | 'either';
  /** The token POST .../trait takes. Default api-key. */
  tagAuth: 'api-key' | 'user-token';
  /** GET /contracts answer: `[{id, label}]` (default), `[{id, name}]` or `{id: label}`. */
  contractsShape: 'label' | 'name' | 'map';
}

/** A one-shot fault: the next request matching `path` (a substring; any when absent) gets it instead of its answer. */
export type MockFlatchrFault =
  { status: number; retryAfterSeconds?: number; path?: string; body?: unknown } | { hang: true; path?: string };

export interface MockFlatchrOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  apiKey: string;
  /** The encoded company key in company paths. */
  companyKey: string;
  /** Users that may log in (comments). */
  users?: Array<{ email: string; password: string; firstname?: string; lastname?: string }>;
  applicants?: MockFlatchrApplicant[];
  vacancies?: MockFlatchrVacancy[];
  columns?: FlatchrApiColumn[];
  contracts?: Array<{ id: number; label: string }>;
  tags?: Array<{ id: string; name: string }>;
  readings?: Partial<MockFlatchrReadings>;
  faults?: MockFlatchrFault[];
  /** Share of API requests answered `failStatus` at random (0..1). */
  failRate?: number;
  failStatus?: number;
  logRequests?: boolean;
}

export interface MockFlatchrRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** JSON body parsed, or multipart fields, or the raw text. */
  body: unknown;
  /** 'json' | 'multipart' | 'none' | 'other'. */
  encoding: string;
  status?: number;
  fault?: MockFlatchrFault;
  receivedAt: Date;
}

export interface MockFlatchrComment {
  id: number;
  applicantId: string;
  text: string;
  private: boolean;
  type: string | null;
  userEmail: string;
}

export interface MockFlatchrTrait {
  applicantId: string;
  tag: string;
  value: string;
}

export interface MockFlatchr {
  url: string;
  readonly requests: MockFlatchrRequest[];
  /** Requests on the API (control routes and health excluded), optionally only those whose path contains `path`. */
  apiRequests(path?: string): MockFlatchrRequest[];
  readonly comments: MockFlatchrComment[];
  readonly traits: MockFlatchrTrait[];
  readings: MockFlatchrReadings;
  addApplicants(...list: MockFlatchrApplicant[]): void;
  addVacancies(...list: MockFlatchrVacancy[]): void;
  enqueueFaults(...list: MockFlatchrFault[]): void;
  setFailRate(rate: number, status?: number): void;
  /** Makes the API key refused (401), as after its 365 days. */
  expireApiKey(): void;
  /** Makes every issued user token refused, as when one expires. */
  expireUserTokens(): void;
  close(): Promise<void>;
}
