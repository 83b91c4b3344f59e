import type { CountryCode } from 'libphonenumber-js';
import { ContractTypeTable, DEFAULT_CONTRACT_TYPE_TABLE, toContractType } from './contract-types';
import type { EmployeeRecord } from './employee-record';
import type { FlatchrHireDelivery } from './flatchr-payload.types';
import { stripHtml } from './html';
import { idForRecord, normalizeId } from './ids';
import { InvalidHireDataError } from './invalid-hire-data.error';
import { toLocation } from './location';
import { toE164 } from './phone';
import { toSalary } from './salary';

export interface MapOptions {
  contractTypes?: ContractTypeTable;
  defaultPhoneCountry?: CountryCode;
}

/**
 * Flatchr hire (candidate + vacancy) -> the canonical employee record of the SIRH contract.
 * Pure: no I/O, same input same output. Throws InvalidHireDataError naming every missing field.
 */
export function mapFlatchrHireToEmployee(delivery: FlatchrHireDelivery, options: MapOptions = {}): EmployeeRecord {
  const data = delivery?.data ?? {};
  const candidate = data.candidate ?? {};
  const applicant = data.applicant ?? {};
  const vacancy = data.vacancy ?? {};

  const companyId = normalizeId(delivery?.company_id);
  const candidateId = normalizeId(data.candidate_id) ?? normalizeId(candidate.id) ?? normalizeId(applicant.candidate_id);
  const applicantId = normalizeId(data.applicant_id) ?? normalizeId(applicant.id);
  const firstName = personName(candidate.firstname);
  const lastName = personName(candidate.lastname);

  const missing: string[] = [];
  if (companyId === null) missing.push('company_id');
  if (candidateId === null) missing.push('data.candidate_id');
  if (applicantId === null) missing.push('data.applicant_id');
  if (firstName === null) missing.push('data.candidate.firstname');
  if (lastName === null) missing.push('data.candidate.lastname');
  if (missing.length > 0) throw new InvalidHireDataError(missing);

  return {
    externalId: `flatchr:${companyId}:${candidateId}`,
    firstName: firstName!,
    lastName: lastName!,
    email: email(candidate.email),
    phone: toE164(candidate.phone, options.defaultPhoneCountry ?? 'FR'),
    jobTitle: stripHtml(vacancy.title),
    contractType: toContractType(vacancy.contract_type_id, options.contractTypes ?? DEFAULT_CONTRACT_TYPE_TABLE),
    startDate: toDate(vacancy.start_date),
    remote: toRemote(vacancy.remote),
    location: toLocation(vacancy.address),
    salary: toSalary(vacancy.salary, vacancy.currency, vacancy.mensuality),
    source: {
      ats: 'flatchr',
      companyId: idForRecord(companyId)!,
      candidateId: idForRecord(candidateId)!,
      applicantId: idForRecord(applicantId)!,
      vacancyId: idForRecord(data.vacancy_id) ?? idForRecord(applicant.vacancy_id) ?? idForRecord(vacancy.id),
      vacancyReference: stripHtml(vacancy.reference),
    },
  };
}

/** Names go out exactly as typed (accents, apostrophes, hyphens, case); only outer spaces go. */
function personName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.normalize('NFC').trim();
  return name === '' ? null : name;
}

function email(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** YYYY-MM-DD from a date or an ISO date-time; anything else is unknown. */
export function toDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d) ? `${y}-${m}-${d}` : null;
}

/** Part-time remote counts as remote: the contract has a yes/no field only. */
export function toRemote(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'fulltime' || value === 'parttime') return true;
  if (value === 'notime') return false;
  return null;
}
