import type { HrisFieldError } from '../hris/hris-failure';
import type { HrisProvider } from '../hris/hris-provider';
import { ContractTypeTable, parseContractTypeTable } from '../mapping/contract-types';
import { DEFAULT_START_DATE_RULE, StartDateRule, parseStartDateRule } from '../mapping/start-date-rule';

/**
 * The settings every connection may carry, whatever its HRIS: the per-company versions of
 * CONTRACT_TYPE_MAP and HIRED_COLUMN_IDS, and the start-date rule.
 */
export interface SyncSettings {
  /** Flatchr contract_type_id -> canonical type, over the global table. */
  contractTypes: ContractTypeTable;
  /** Extra hired column ids or titles for this company's boards. */
  hiredColumns: string[];
  /** Null: no date is invented (the HRIS gets none). */
  startDateRule: StartDateRule | null;
}

/** Providers whose HRIS needs a start date: a rule fills it in unless the connection says "none". */
function defaultRule(provider: HrisProvider): StartDateRule | null {
  return provider === 'generic-sirh' ? null : DEFAULT_START_DATE_RULE;
}

export function readSyncSettings(provider: HrisProvider, settings: Readonly<Record<string, unknown>>): SyncSettings {
  const parsed = parseSyncSettings(provider, settings);
  if ('errors' in parsed) throw new Error(parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return parsed.value;
}

export function parseSyncSettings(
  provider: HrisProvider,
  settings: Readonly<Record<string, unknown>>,
): { value: SyncSettings } | { errors: HrisFieldError[] } {
  const errors: HrisFieldError[] = [];
  let contractTypes: ContractTypeTable = {};
  const ct = settings.contractTypes;
  if (ct !== undefined && ct !== null) {
    try {
      if (typeof ct === 'string') contractTypes = parseContractTypeTable(ct);
      else if (typeof ct === 'object' && !Array.isArray(ct)) {
        contractTypes = parseContractTypeTable(
          Object.entries(ct)
            .map(([id, type]) => `${id}=${String(type)}`)
            .join(','),
        );
      } else
        errors.push({ field: 'settings.contractTypes', message: 'must be an object such as {"5": "CDD"} or a text "5=CDD,7=INTERNSHIP"' });
    } catch (err) {
      errors.push({ field: 'settings.contractTypes', message: (err as Error).message });
    }
  }
  let hiredColumns: string[] = [];
  const hc = settings.hiredColumns;
  if (hc !== undefined && hc !== null) {
    if (typeof hc === 'string')
      hiredColumns = hc
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    else if (Array.isArray(hc) && hc.every((c) => typeof c === 'string' || typeof c === 'number'))
      hiredColumns = hc.map((c) => String(c).trim()).filter(Boolean);
    else errors.push({ field: 'settings.hiredColumns', message: 'must be a list of column ids or titles' });
  }
  const rule = parseStartDateRule(settings.startDateRule, defaultRule(provider));
  if ('error' in rule) errors.push({ field: 'settings.startDateRule', message: rule.error });
  if (errors.length > 0) return { errors };
  return { value: { contractTypes, hiredColumns, startDateRule: 'rule' in rule ? rule.rule : null } };
}
