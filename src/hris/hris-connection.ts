import type { HrisProvider } from './hris-provider';

/**
 * What a connector is given of its connection: credentials decrypted (in memory only, never
 * logged), settings validated by the provider's definition when the connection was saved.
 */
export interface HrisConnection {
  /** The connection's id (`default` for the one built from SIRH_BASE_URL/SIRH_API_KEY). */
  id: string;
  name: string;
  provider: HrisProvider;
  /** Replaces scheme, host and port of the vendor's documented host; paths stay the documented ones. */
  baseUrl: string | null;
  credentials: Readonly<Record<string, string>>;
  settings: Readonly<Record<string, unknown>>;
}

/** A setting as a trimmed non-empty string, or null. */
export function stringSetting(settings: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = settings[name];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
