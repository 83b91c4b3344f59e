import type { CountryCode } from 'libphonenumber-js';
import type { EmployeeRecord } from '../employees/employee-record';
import { applicantIdOf, candidateIdOf } from '../flatchr/delivery-ids';
import { idForRecord, idToText } from '../flatchr/flatchr-id';
import type { FlatchrHireDelivery } from '../flatchr/flatchr-payload.types';
import { ContractTypeTable, DEFAULT_CONTRACT_TYPE_TABLE, toContractType } from './contract-types';
import { stripHtml } from './html';
import { InvalidHireDataError } from './invalid-hire-data.error';
import { toLocation } from './location';
import { toE164 } from './phone';
import { toRemote } from './remote';
import { toSalary } from './salary';
import { toStartDate } from './start-date';

export interface MapFlatchrHireOptions {
  /** contract_type_id -> ContractType; default DEFAULT_CONTRACT_TYPE_TABLE (only 1 = CDI). */
  contractTypes?: ContractTypeTable;
  /** Country for phone numbers typed without +code; default 'FR'. */
  defaultPhoneCountry?: CountryCode;
}

/**
 * A Flatchr hire (a drag_applicant delivery) -> the canonical employee record of the SIRH
 * contract. Pure: no I/O, same input same output; `null` wherever Flatchr says nothing usable.
 * It does not check `data.column.hired`: deciding that this delivery is a hire is the caller's job.
 *
 * @throws InvalidHireDataError naming every missing field (company_id, candidate id, applicant id,
 *   first name, last name): no retry can fix the delivery, so it is a permanent failure.
 */
export function mapFlatchrHireToEmployee(delivery: FlatchrHireDelivery, options: MapFlatchrHireOptions = {}): EmployeeRecord {
  // The delivery is untrusted JSON: read every level defensively whatever the types promise.
  const data = isObject(delivery?.data) ? delivery.data : undefined;
  const candidate = isObject(data?.candidate) ? data.candidate : undefined;
  const applicant = isObject(data?.applicant) ? data.applicant : undefined;
  const vacancy = isObject(data?.vacancy) ? data.vacancy : undefined;

  const companyId = idToText(delivery?.company_id);
  const candidateId = candidateIdOf(data);
  const applicantId = applicantIdOf(data);
  const firstName = personName(candidate?.firstname);
  const lastName = personName(candidate?.lastname);

  const missing: string[] = [];
  if (companyId === null) missing.push('company_id');
  if (candidateId === null) missing.push('data.candidate_id');
  if (applicantId === null) missing.push('data.applicant_id');
  if (firstName === null) missing.push('data.candidate.firstname');
  if (lastName === null) missing.push('data.candidate.lastname');
  if (companyId === null || candidateId === null || applicantId === null || firstName === null || lastName === null) {
    throw new InvalidHireDataError(missing);
  }

  return {
    // Stable per person and company, whether ids came as 60 or "60".
    externalId: `flatchr:${companyId}:${candidateId}`,
    firstName,
    lastName,
    email: trimmedOrNull(candidate?.email),
    phone: toE164(candidate?.phone, options.defaultPhoneCountry ?? 'FR'),
    jobTitle: stripHtml(vacancy?.title),
    contractType: toContractType(vacancy?.contract_type_id, options.contractTypes ?? DEFAULT_CONTRACT_TYPE_TABLE),
    startDate: toStartDate(vacancy?.start_date),
    remote: toRemote(vacancy?.remote),
    location: toLocation(vacancy?.address),
    salary: toSalary(vacancy?.salary, vacancy?.currency, vacancy?.mensuality),
    source: {
      ats: 'flatchr',
      companyId: idForRecord(companyId)!,
      candidateId: idForRecord(candidateId)!,
      applicantId: idForRecord(applicantId)!,
      vacancyId: idForRecord(data?.vacancy_id) ?? idForRecord(applicant?.vacancy_id) ?? idForRecord(vacancy?.id) ?? null,
      vacancyReference: stripHtml(vacancy?.reference),
    },
  };
}

/**
 * Names go out exactly as typed: accents, apostrophes (' and ’), hyphens and case are the
 * person's. Only surrounding white space goes, and NFC makes 'e' + combining accent the same
 * 'é' as a precomposed one, so the HRIS (and duplicate checks) see one spelling.
 */
function personName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.normalize('NFC').trim();
  return name === '' ? null : name;
}

/** Email as typed, trimmed: changing its case could address someone else. */
function trimmedOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function isObject<T>(value: T | null | undefined): value is T & object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
