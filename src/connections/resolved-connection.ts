import type { HrisConnection } from '../hris/hris-connection';

/** The connection that serves companies no connection names: SIRH_BASE_URL and SIRH_API_KEY. */
export const DEFAULT_CONNECTION_ID = 'default';

/** A connection ready for the worker: credentials decrypted (memory only), its effective budget. */
export interface ResolvedConnection extends HrisConnection {
  /** Null: no budget of our own (the vendor's 429s still apply). */
  requestsPerMinute: number | null;
  /** The Flatchr companies it serves (none for the default connection, which serves the rest). */
  companyIds: readonly string[];
  /** Changes whenever the row does: connectors built for an older version are rebuilt. */
  version: string;
}
