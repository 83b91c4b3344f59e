import { idToText } from '../flatchr-id';
import type { FlatchrContractTypeEntry } from './flatchr-api.types';

/** Where a referential entry may carry its label: the answer of GET /contracts is not documented. */
const LABEL_FIELDS = ['label', 'name', 'title', 'value', 'text', 'libelle', 'wording'] as const;

/**
 * GET /contracts?lang=fr read whatever its shape: an array of `{id, label|name|title|...}`, the same
 * wrapped in `{data: [...]}` or `{contracts: [...]}`, or an object mapping id -> label. Entries
 * without an id or a label are skipped; null when nothing in the answer looks like the list.
 */
export function parseContractReferential(body: unknown): FlatchrContractTypeEntry[] | null {
  const list = listIn(body);
  if (list !== null) {
    return list.flatMap((item) => {
      if (typeof item !== 'object' || item === null) return [];
      const obj = item as Record<string, unknown>;
      const id = idToText(obj.id) ?? idToText(obj.contract_type_id);
      const label = LABEL_FIELDS.map((f) => obj[f]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
      return id !== null && label !== undefined ? [{ id, label: label.trim() }] : [];
    });
  }
  if (typeof body === 'object' && body !== null) {
    const entries = Object.entries(body as Record<string, unknown>).filter(
      (e): e is [string, string] => idToText(e[0]) !== null && typeof e[1] === 'string' && e[1].trim() !== '',
    );
    return entries.length > 0 ? entries.map(([id, label]) => ({ id: id.trim(), label: label.trim() })) : null;
  }
  return null;
}

function listIn(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (typeof body !== 'object' || body === null) return null;
  for (const key of ['data', 'contracts', 'items', 'results']) {
    const inner = (body as Record<string, unknown>)[key];
    if (Array.isArray(inner)) return inner;
  }
  return null;
}
