import { CONTRACT_TYPES, ContractType } from '../employees/employee-record';
import type { FlatchrId } from '../flatchr/flatchr-id';

/** Flatchr `contract_type_id` (as text, so 5 and "5" are one key) -> the record's contractType. */
export type ContractTypeTable = Readonly<Record<string, ContractType>>;

/**
 * The one documented table. Only 1 = CDI is confirmed by Flatchr's public docs; the other ids
 * (the fixtures use 5) have no public label, and Flatchr serves the real list per account
 * (GET https://api.flatchr.io/contracts?lang=fr). Guessing would put wrong contracts in the HRIS,
 * so operators add their ids with an override (see parseContractTypeTable) and anything not in
 * the table goes out as OTHER.
 */
export const DEFAULT_CONTRACT_TYPE_TABLE: ContractTypeTable = Object.freeze({ '1': 'CDI' });

/**
 * Parses an operator override such as "5=CDD,7=INTERNSHIP" (spaces allowed, type names
 * case-insensitive, empty string -> empty table). Merge it over the default yourself:
 * `{ ...DEFAULT_CONTRACT_TYPE_TABLE, ...parsed }`. Throws, naming the entry, on anything
 * malformed, an unknown type or an id given twice: a bad configuration must stop the start-up,
 * not silently send OTHER.
 */
export function parseContractTypeTable(spec: string): ContractTypeTable {
  const table: Record<string, ContractType> = {};
  const entries = spec.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    // A trailing comma is harmless; an empty entry in the middle ("5=CDD,,7=CDI") is a typo.
    if (entry === '') {
      if (index === entries.length - 1) return;
      throw new Error(`Invalid contract type table entry #${index + 1} "": empty entry in "${spec}"`);
    }
    const parts = entry.split('=');
    const id = parts.length === 2 ? parts[0].trim() : '';
    const type = parts.length === 2 ? parts[1].trim().toUpperCase() : '';
    if (!/^[A-Za-z0-9_-]+$/.test(id) || type === '') {
      throw new Error(`Invalid contract type table entry "${entry}": expected <contract_type_id>=<TYPE>, e.g. "5=CDD"`);
    }
    if (!(CONTRACT_TYPES as readonly string[]).includes(type)) {
      throw new Error(`Invalid contract type table entry "${entry}": "${parts[1].trim()}" is not one of ${CONTRACT_TYPES.join(', ')}`);
    }
    if (Object.prototype.hasOwnProperty.call(table, id)) {
      throw new Error(`Invalid contract type table entry "${entry}": contract_type_id ${id} is given twice`);
    }
    table[id] = type as ContractType;
  });
  return Object.freeze(table);
}

/**
 * A vacancy's contract type: null when the vacancy has none (unknown, never invented), OTHER when
 * the id is not in the table (the vacancy does have a contract, we just cannot name it).
 */
export function toContractType(
  id: FlatchrId | null | undefined,
  table: ContractTypeTable = DEFAULT_CONTRACT_TYPE_TABLE,
): ContractType | null {
  if (typeof id !== 'number' && typeof id !== 'string') return null;
  const key = String(id).trim();
  if (key === '') return null;
  // Own keys only: an id like "constructor" must not find Object.prototype's.
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : 'OTHER';
}
