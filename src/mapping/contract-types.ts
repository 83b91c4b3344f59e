import { CONTRACT_TYPES, ContractType } from './employee-record';

export type ContractTypeTable = Readonly<Record<string, ContractType>>;

/**
 * Flatchr `contract_type_id` -> contract type. Only 1 = CDI is publicly confirmed; Flatchr serves
 * the full list per account (GET /contracts). Operators add theirs with CONTRACT_TYPE_MAP rather
 * than this table guessing: an unknown id is sent as OTHER.
 */
export const DEFAULT_CONTRACT_TYPE_TABLE: ContractTypeTable = Object.freeze({ '1': 'CDI' });

/** Parses an operator table such as "5=CDD,7=INTERNSHIP"; throws naming the bad entry. */
export function parseContractTypeTable(spec: string): ContractTypeTable {
  const table: Record<string, ContractType> = {};
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^(\w+)\s*=\s*([A-Z_]+)$/.exec(entry);
    if (!match) throw new Error(`CONTRACT_TYPE_MAP entry "${entry}" is not of the form id=TYPE`);
    const type = match[2] as ContractType;
    if (!CONTRACT_TYPES.includes(type)) {
      throw new Error(`CONTRACT_TYPE_MAP entry "${entry}": ${match[2]} is not one of ${CONTRACT_TYPES.join(', ')}`);
    }
    table[match[1]] = type;
  }
  return table;
}

export function toContractType(id: unknown, table: ContractTypeTable = DEFAULT_CONTRACT_TYPE_TABLE): ContractType | null {
  if (id === null || id === undefined || id === '') return null;
  return table[String(id).trim()] ?? 'OTHER';
}
