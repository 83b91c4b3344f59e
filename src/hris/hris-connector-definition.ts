import type { HrisConnection } from './hris-connection';
import type { HrisConnector } from './hris-connector';
import type { HrisFieldError } from './hris-failure';
import type { HrisHttp } from './hris-http';
import type { HrisProvider } from './hris-provider';
import type { SharedCache } from './shared-cache';

/** What the connection layer hands a connector: HTTP bound to the connection's origin and budget, a shared cache. */
export interface ConnectorContext {
  http: HrisHttp;
  cache: SharedCache;
  /** Injectable clock (start-date rules, token expiry, HiBob's read lag). */
  now(): Date;
}

/**
 * One provider, as the connection layer sees it: what a connection of this kind needs, and how to
 * build its connector. One per folder in src/hris/<provider>/, listed in hris-registry.ts.
 */
export interface HrisConnectorDefinition {
  provider: HrisProvider;
  /** For people: "Lucca", "PayFit"... */
  label: string;
  /** Names of the `credentials` fields, all required. */
  credentialFields: readonly string[];
  /** The vendor's documented `scheme://host` for these settings, or null when the connection must give a baseUrl. */
  documentedOrigin(settings: Readonly<Record<string, unknown>>): string | null;
  /** Missing or invalid settings, field by field (`settings.companyId`); `hasBaseUrl` waives settings that only build the host. */
  validateSettings(settings: Readonly<Record<string, unknown>>, hasBaseUrl: boolean): HrisFieldError[];
  /**
   * Default request budget per minute, below the vendor's documented limit (shared with the
   * customer's other tools); null where the vendor documents none (no budget unless the connection sets one).
   */
  defaultRequestsPerMinute: number | null;
  create(connection: HrisConnection, context: ConnectorContext): HrisConnector;
}
