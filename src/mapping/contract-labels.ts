import type { ContractType } from '../employees/employee-record';
import type { FlatchrContractTypeEntry } from '../flatchr/api/flatchr-api.types';
import { ContractTypeTable, DEFAULT_CONTRACT_TYPE_TABLE } from './contract-types';

/**
 * Words of a contract label, in the order they are tried: the most specific first, so "CDD
 * d'apprentissage" is an apprenticeship and "CDI intérimaire" an interim contract. Labels are compared
 * lower-case, without accents, punctuation as spaces (see normaliseLabel).
 */
const LABEL_RULES: ReadonlyArray<[ContractType, RegExp]> = [
  [
    'APPRENTICESHIP',
    /\b(alternance|alternant|apprenti|apprentie|apprentissage|apprenticeship|apprentice|professionnalisation|contrat pro|work study)\b/,
  ],
  ['INTERNSHIP', /\b(stage|stages|stagiaire|internship|intern|trainee|traineeship)\b/],
  ['INTERIM', /\b(interim|interimaire|travail temporaire|temporary work|temp|ctt)\b/],
  [
    'FREELANCE',
    /\b(freelance|free lance|freelancer|independant|independent|auto entrepreneur|micro entrepreneur|contractor|portage salarial)\b/,
  ],
  // A seasonal contract (contrat saisonnier) is a CDD under French law.
  ['CDD', /\b(cdd|duree determinee|fixed term|saisonnier|seasonal)\b/],
  ['CDI', /\b(cdi|duree indeterminee|permanent)\b/],
];

/** "Contrat à durée déterminée (CDD)" -> "contrat a duree determinee cdd". */
export function normaliseLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A Flatchr contract label (CDI, CDD, Stage, Alternance, Apprentissage, Freelance, Intérim, in any case,
 * with or without accents) -> the canonical type. OTHER for a label no rule knows (the vacancy has a
 * contract, we cannot name it); null for no label.
 */
export function contractTypeFromLabel(label: string | null | undefined): ContractType | null {
  if (typeof label !== 'string') return null;
  const text = normaliseLabel(label);
  if (text === '') return null;
  return LABEL_RULES.find(([, rule]) => rule.test(text))?.[0] ?? 'OTHER';
}

/** Flatchr's referential (GET /contracts) -> contract_type_id -> canonical type. */
export function contractTypeTableFromReferential(entries: readonly FlatchrContractTypeEntry[]): ContractTypeTable {
  const table: Record<string, ContractType> = {};
  for (const { id, label } of entries) {
    const type = contractTypeFromLabel(label);
    if (type !== null) table[id.trim()] = type;
  }
  return Object.freeze(table);
}

/**
 * The table a hire is mapped with: the documented default (1 = CDI), under what Flatchr's referential
 * says, under the operator's CONTRACT_TYPE_MAP, which always wins.
 */
export function resolveContractTypeTable(referential: ContractTypeTable | null, override: ContractTypeTable = {}): ContractTypeTable {
  return Object.freeze({ ...DEFAULT_CONTRACT_TYPE_TABLE, ...(referential ?? {}), ...override });
}
