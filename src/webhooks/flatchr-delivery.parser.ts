import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidatorOptions, validateSync } from 'class-validator';
import { asObject } from '../common/as-object';
import { compileValidator } from '../common/compiled-validator';
import { AppConfigService } from '../config/app-config.service';
import { computeDedupeKey } from '../flatchr/dedupe-key';
import { applicantIdOf, candidateIdSources } from '../flatchr/delivery-ids';
import { idToText } from '../flatchr/flatchr-id';
import { CompanySettings } from '../connections/company-settings';
import { isHireDelivery } from '../flatchr/hire-detector';
import { idDisagreement } from '../flatchr/id-disagreement';
import { FlatchrDeliveryDto } from './dto/flatchr-delivery.dto';
import { HireDeliveryDto } from './dto/hire-delivery.dto';
import { FieldProblem, flattenValidationErrors } from './validation-errors';

/** Deeper than any Flatchr payload (about 5 levels); stops hostile nesting before it is hashed or stored. */
const MAX_DEPTH = 32;

const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: false,
  forbidNonWhitelisted: false,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

export type ParsedDelivery =
  | { kind: 'malformed'; problems: FieldProblem[] }
  | { kind: 'invalid-hire'; summary: DeliverySummary; problems: FieldProblem[] }
  | { kind: 'hire' | 'other'; summary: DeliverySummary };

/** The columns stored beside the raw payload. */
export interface DeliverySummary {
  event: string;
  companyId: string | null;
  applicantId: string | null;
  candidateId: string | null;
  dedupeKey: string;
  body: Record<string, unknown>;
  /** Who and for which vacancy, for the dashboard (stored as columns: it never reads the body). */
  readModel: DeliveryReadModel;
  /** Things the operator should know about this delivery, e.g. ids that disagree; written on the job's timeline. */
  warnings?: string[];
}

/** The delivery's columns for operators; null when the body lacks the field. */
export interface DeliveryReadModel {
  candidateFirstName: string | null;
  candidateLastName: string | null;
  candidateEmail: string | null;
  vacancyTitle: string | null;
  companyName: string | null;
}

// Compiled once from the DTOs: a valid delivery (nearly all of them) is accepted without
// class-validator's per-call work; an invalid one goes through class-validator for its messages.
const envelopeIsValid = compileValidator(FlatchrDeliveryDto);
const hireIsValid = compileValidator(HireDeliveryDto);

@Injectable()
export class FlatchrDeliveryParser {
  private readonly hiredColumns: string[];

  constructor(
    config: AppConfigService,
    private readonly companies: CompanySettings,
  ) {
    this.hiredColumns = config.hiredColumns;
  }

  parse(body: unknown): ParsedDelivery {
    const obj = asObject(body);
    if (!obj) return { kind: 'malformed', problems: [{ field: '(body)', messages: ['body must be a JSON object'] }] };
    if (depthExceeds(obj, MAX_DEPTH)) {
      return { kind: 'malformed', problems: [{ field: '(body)', messages: [`body is nested deeper than ${MAX_DEPTH}`] }] };
    }

    const envelope = envelopeOf(obj);
    if (!envelopeIsValid(envelope)) {
      const envelopeErrors = validateSync(plainToInstance(FlatchrDeliveryDto, envelope), VALIDATOR_OPTIONS);
      if (envelopeErrors.length > 0) return { kind: 'malformed', problems: flattenValidationErrors(envelopeErrors) };
    }

    const summary = summarize(obj);
    const own = this.companies.hiredColumns(obj.company_id);
    if (!isHireDelivery(obj, own.length > 0 ? [...this.hiredColumns, ...own] : this.hiredColumns)) return { kind: 'other', summary };

    if (hireIsValid(obj)) return { kind: 'hire', summary };
    const hireErrors = validateSync(plainToInstance(HireDeliveryDto, hireFieldsOf(obj)), VALIDATOR_OPTIONS);
    if (hireErrors.length > 0) {
      return { kind: 'invalid-hire', summary, problems: flattenValidationErrors(hireErrors) };
    }
    return { kind: 'hire', summary };
  }
}

/**
 * class-transformer copies every property it is given, nested ones included: handing it only
 * the fields the DTOs declare keeps validation cheap on Flatchr's 5 KB bodies. What is not
 * picked here is not validated (it is stored as received).
 */
function pick(source: unknown, keys: readonly string[]): unknown {
  const obj = asObject(source);
  if (!obj) return source;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in obj) out[key] = obj[key];
  return out;
}

/** `data` stands in as an empty object: the envelope only checks that it is one. */
function envelopeOf(body: Record<string, unknown>): Record<string, unknown> {
  const data = body.data;
  return { event: body.event, company_id: body.company_id, data: asObject(data) ? {} : data };
}

function hireFieldsOf(body: Record<string, unknown>): Record<string, unknown> {
  const data = asObject(body.data);
  return {
    event: body.event,
    company_id: body.company_id,
    data: data
      ? {
          ...(pick(data, ['applicant_id', 'candidate_id', 'vacancy_id']) as object),
          candidate: pick(data.candidate, ['id', 'firstname', 'lastname', 'email']),
          applicant: pick(data.applicant, ['id', 'candidate_id', 'vacancy_id', 'updated_at']),
          vacancy: pick(data.vacancy, ['id']),
          column: pick(data.column, ['id', 'title', 'hired']),
        }
      : body.data,
  };
}

function summarize(body: Record<string, unknown>): DeliverySummary {
  // The same sources, in the same order, as the mapper reads them.
  const candidateIds = candidateIdSources(body.data);
  const data = asObject(body.data) ?? {};
  const candidate = asObject(data.candidate);
  const summary: DeliverySummary = {
    event: body.event as string,
    companyId: idToText(body.company_id),
    applicantId: applicantIdOf(body.data),
    candidateId: candidateIds.find(([, id]) => id !== null)?.[1] ?? null,
    dedupeKey: computeDedupeKey(body),
    body,
    readModel: {
      candidateFirstName: textOf(candidate?.firstname),
      candidateLastName: textOf(candidate?.lastname),
      candidateEmail: textOf(candidate?.email),
      vacancyTitle: textOf(asObject(data.vacancy)?.title),
      companyName: textOf(asObject(data.company)?.name),
    },
  };
  const disagreement = idDisagreement('candidate', candidateIds);
  if (disagreement) summary.warnings = [disagreement];
  return summary;
}

/**
 * A scalar as trimmed text, or null when absent or empty (the migration that added these columns
 * read old bodies the same way, trimming spaces). U+0000, which Postgres text cannot hold, becomes
 * U+FFFD like in the stored body.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is the character Postgres text refuses
const NUL = /\u0000/g;

function textOf(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const text = String(value).replace(NUL, '\uFFFD').trim();
  return text === '' ? null : text;
}

/** Iterative, so hostile nesting cannot overflow the stack. */
function depthExceeds(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(value as object)) stack.push([child, depth + 1]);
  }
  return false;
}
