import { CONTRACT_TYPES, ContractType } from '../../employees/employee-record';
import type { HrisFieldError } from '../hris-failure';

/** Key of `contractTemplates` used for a hire whose contract type Flatchr did not give. */
export const DEFAULT_TEMPLATE_KEY = 'DEFAULT';

export type ContractTemplateKey = ContractType | typeof DEFAULT_TEMPLATE_KEY;

/** A Lucca connection's settings, read and checked. */
export interface LuccaSettings {
  legalEntityId: number;
  departmentId: number;
  establishmentId: number | null;
  /** Per-connection archetype ids that win over the names matched in the tenant's list. */
  contractTemplates: Partial<Record<ContractTemplateKey, number>>;
}

export type LuccaSettingsReading = { ok: true; settings: LuccaSettings } | { ok: false; errors: HrisFieldError[] };

const TEMPLATE_KEYS: readonly string[] = [...CONTRACT_TYPES, DEFAULT_TEMPLATE_KEY];

/** Lucca ids are positive integers; a connection form may hand them over as strings. */
function positiveId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    const n = Number(value.trim());
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  }
  return null;
}

export function readLuccaSettings(raw: Readonly<Record<string, unknown>>): LuccaSettingsReading {
  const errors: HrisFieldError[] = [];
  const required = (name: 'legalEntityId' | 'departmentId'): number => {
    const id = positiveId(raw[name]);
    if (id === null) {
      const message =
        raw[name] === undefined || raw[name] === null || raw[name] === ''
          ? 'required: the id of the Lucca ' + (name === 'legalEntityId' ? 'legal entity' : 'department') + ' new hires join'
          : 'must be a positive integer (a Lucca id)';
      errors.push({ field: `settings.${name}`, message });
    }
    return id ?? 0;
  };
  const legalEntityId = required('legalEntityId');
  const departmentId = required('departmentId');

  let establishmentId: number | null = null;
  if (raw.establishmentId !== undefined && raw.establishmentId !== null && raw.establishmentId !== '') {
    establishmentId = positiveId(raw.establishmentId);
    if (establishmentId === null) errors.push({ field: 'settings.establishmentId', message: 'must be a positive integer (a Lucca id)' });
  }

  const contractTemplates: Partial<Record<ContractTemplateKey, number>> = {};
  const templates = raw.contractTemplates;
  if (templates !== undefined && templates !== null) {
    if (typeof templates !== 'object' || Array.isArray(templates)) {
      errors.push({
        field: 'settings.contractTemplates',
        message: `must map contract types (${TEMPLATE_KEYS.join(', ')}) to archetype ids`,
      });
    } else {
      for (const [key, value] of Object.entries(templates as Record<string, unknown>)) {
        const field = `settings.contractTemplates.${key}`;
        if (!TEMPLATE_KEYS.includes(key)) errors.push({ field, message: `unknown contract type; use one of ${TEMPLATE_KEYS.join(', ')}` });
        else {
          const id = positiveId(value);
          if (id === null) errors.push({ field, message: 'must be a positive integer (a work-contract archetype id)' });
          else contractTemplates[key as ContractTemplateKey] = id;
        }
      }
    }
  }

  const rpm = raw.requestsPerMinute;
  if (rpm !== undefined && rpm !== null && (typeof rpm !== 'number' || !Number.isInteger(rpm) || rpm < 1 || rpm > 50)) {
    errors.push({ field: 'settings.requestsPerMinute', message: "must be an integer from 1 to 50 (Lucca's limit per tenant)" });
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, settings: { legalEntityId, departmentId, establishmentId, contractTemplates } };
}
