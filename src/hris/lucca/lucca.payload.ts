import type { ContractType, EmployeeRecord } from '../../employees/employee-record';
import type { HrisFieldError } from '../hris-failure';

/** Body of `POST /api/v3/users` (legacy directory API): the fields HireBridge knows of a hire. */
export interface LuccaUserPayload {
  firstName: string;
  lastName: string;
  mail: string;
  login: string;
  professionalMobile?: string;
  jobTitle?: string;
  legalEntityId: number;
  departmentId: number;
  /** `YYYY-MM-DDT00:00:00`, the form the v3 users API reads and writes dates in. */
  dtContractStart: string;
}

/** Body of `POST /directory/api/4.0/work-contracts`. */
export interface LuccaWorkContractPayload {
  ownerId: number;
  startsOn: string;
  typeId: number;
  establishmentId?: number;
  /** Documented "third-party identifier": lets HR trace the contract back to the hire. */
  externalId: string;
}

/** Where a Lucca user goes: ids of the tenant's referentials, from the connection's settings. */
export interface LuccaPlacement {
  legalEntityId: number;
  departmentId: number;
  establishmentId: number | null;
}

/** A work-contract archetype (template) of the tenant: CDI, CDD, Stage... */
export interface LuccaArchetype {
  id: number;
  name: string;
}

/** What Lucca needs that the record may lack, field by field in the record's names. */
export function missingForLucca(record: EmployeeRecord): HrisFieldError[] {
  const missing: HrisFieldError[] = [];
  if (!record.email?.trim()) missing.push({ field: 'email', message: 'Lucca needs a work email (mail) to create a user' });
  if (!record.startDate) missing.push({ field: 'startDate', message: 'Lucca needs a contract start date (dtContractStart)' });
  if (!record.firstName?.trim()) missing.push({ field: 'firstName', message: 'Lucca needs a first name' });
  if (!record.lastName?.trim()) missing.push({ field: 'lastName', message: 'Lucca needs a last name' });
  return missing;
}

/**
 * The user to create. The login is the work email: unique in the tenant as the email is, and what
 * people type at Lucca's sign-in page when SSO is not set up. Call after `missingForLucca` found nothing.
 */
export function toLuccaUserPayload(record: EmployeeRecord, placement: LuccaPlacement): LuccaUserPayload {
  const mail = requireText(record.email, 'email');
  const payload: LuccaUserPayload = {
    firstName: record.firstName.trim(),
    lastName: record.lastName.trim(),
    mail,
    login: mail,
    legalEntityId: placement.legalEntityId,
    departmentId: placement.departmentId,
    dtContractStart: `${requireText(record.startDate, 'startDate')}T00:00:00`,
  };
  if (record.phone?.trim()) payload.professionalMobile = record.phone.trim();
  if (record.jobTitle?.trim()) payload.jobTitle = record.jobTitle.trim();
  return payload;
}

export function toLuccaWorkContractPayload(
  record: EmployeeRecord,
  ownerId: number,
  typeId: number,
  placement: LuccaPlacement,
): LuccaWorkContractPayload {
  const payload: LuccaWorkContractPayload = {
    ownerId,
    startsOn: requireText(record.startDate, 'startDate'),
    typeId,
    externalId: record.externalId,
  };
  if (placement.establishmentId !== null) payload.establishmentId = placement.establishmentId;
  return payload;
}

/**
 * How a canonical contract type is recognised among a tenant's archetype names (accents and case
 * ignored). Archetypes are named by each tenant, in French most of the time; a connection's
 * `contractTemplates` setting names the id when these do not find exactly one.
 */
export const ARCHETYPE_NAME_PATTERNS: Readonly<Record<ContractType, readonly RegExp[]>> = {
  CDI: [/\bcdi\b/, /duree indeterminee/, /\bpermanent\b/],
  CDD: [/\bcdd\b/, /duree determinee/, /fixed[- ]term/],
  INTERNSHIP: [/\bstages?\b/, /stagiaire/, /\binternship\b/],
  APPRENTICESHIP: [/apprenti/, /alternance/],
  FREELANCE: [/freelance/, /independant/, /prestataire/, /\bcontractor\b/],
  INTERIM: [/interim/, /\bctt\b/, /travail temporaire/, /\btemporary\b/],
  OTHER: [/^autres?\b/, /^other\b/],
};

export type ArchetypeChoice = { ok: true; archetype: LuccaArchetype } | { ok: false; reason: string };

/** The tenant's archetype for a contract type: the one whose name matches, when exactly one does. */
export function archetypeFor(contractType: ContractType, archetypes: readonly LuccaArchetype[]): ArchetypeChoice {
  const patterns = ARCHETYPE_NAME_PATTERNS[contractType];
  const matching = archetypes.filter((a) => patterns.some((p) => p.test(foldName(a.name))));
  if (matching.length === 1) return { ok: true, archetype: matching[0] };
  const available = archetypes.length > 0 ? archetypes.map(describeArchetype).join(', ') : 'none';
  const reason =
    matching.length === 0
      ? `no Lucca work-contract archetype matches ${contractType}`
      : `several Lucca work-contract archetypes match ${contractType} (${matching.map(describeArchetype).join(', ')})`;
  return {
    ok: false,
    reason: `${reason}; available archetypes: ${available}. Set settings.contractTemplates.${contractType} to the id to use`,
  };
}

export function describeArchetype(a: LuccaArchetype): string {
  return `"${a.name}" (id ${a.id})`;
}

function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

function requireText(value: string | null, field: string): string {
  const trimmed = value?.trim();
  if (!trimmed) throw new Error(`${field} is required (check missingForLucca first)`);
  return trimmed;
}
