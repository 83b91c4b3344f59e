import type { SharedCache } from '../../hris/shared-cache';
import { contractTypeTableFromReferential } from '../../mapping/contract-labels';
import type { ContractTypeTable } from '../../mapping/contract-types';
import { FlatchrApiClient } from './flatchr-api.client';
import type { FlatchrApiColumn, FlatchrContractTypeEntry } from './flatchr-api.types';
import { FlatchrColumnInfo, hiredColumnsOf } from './hired-columns';

/** Contract types change when Flatchr adds one: a day, as the issue asks. */
export const CONTRACT_REFERENTIAL_TTL_MS = 24 * 60 * 60 * 1000;
/** An operator who just flagged the hired column sees it used within the hour. */
export const COLUMNS_TTL_MS = 60 * 60 * 1000;

/**
 * The company's contract_type_id -> canonical type from GET /contracts?lang=fr, cached in the shared
 * cache (one read per day for every worker). Merge it with resolveContractTypeTable(table, override).
 * Throws the client's FlatchrApiError when Flatchr cannot be read and nothing is cached.
 */
export async function cachedContractTypeTable(
  client: FlatchrApiClient,
  cache: SharedCache,
  ttlMs = CONTRACT_REFERENTIAL_TTL_MS,
): Promise<ContractTypeTable> {
  const entries = await cachedJson<FlatchrContractTypeEntry[]>(cache, 'flatchr:contracts:fr', ttlMs, () => client.listContractTypes('fr'));
  return contractTypeTableFromReferential(entries);
}

const columnsKey = (companyKey: string) => `flatchr:columns:${companyKey}`;

/** The company's hired columns from GET /company/{key}/columns, cached in the shared cache. */
export async function cachedHiredColumns(
  client: FlatchrApiClient,
  cache: SharedCache,
  ttlMs = COLUMNS_TTL_MS,
): Promise<FlatchrColumnInfo[]> {
  const columns = await cachedJson<FlatchrApiColumn[]>(cache, columnsKey(client.companyKey), ttlMs, () => client.listColumns());
  return hiredColumnsOf(columns);
}

/**
 * The company's hired columns if the cache holds them, else null: never a call to Flatchr, for pages
 * that explain many rows at once.
 */
export async function peekHiredColumns(cache: SharedCache, companyKey: string): Promise<FlatchrColumnInfo[] | null> {
  const cached = await cache.get(columnsKey(companyKey));
  if (cached === null) return null;
  try {
    const columns: unknown = JSON.parse(cached);
    return Array.isArray(columns) ? hiredColumnsOf(columns as FlatchrApiColumn[]) : null;
  } catch {
    return null;
  }
}

async function cachedJson<T>(cache: SharedCache, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const cached = await cache.get(key);
  if (cached !== null) {
    try {
      return JSON.parse(cached) as T;
    } catch {
      // A value this code did not write: read Flatchr again and replace it.
    }
  }
  const value = await load();
  await cache.set(key, JSON.stringify(value), ttlMs);
  return value;
}
