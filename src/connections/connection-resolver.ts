import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { hrisDefinition } from '../hris/hris-registry';
import type { HrisProvider } from '../hris/hris-provider';
import { Connection } from './connection.entity';
import { ConnectionsRepository } from './connections.repository';
import { CredentialsCipher } from './credentials-cipher';
import { DEFAULT_CONNECTION_ID, ResolvedConnection } from './resolved-connection';

/** How long the worker trusts its copy of the connections before asking Postgres whether they changed. */
const FRESH_FOR_MS = 2000;

/**
 * Which connection serves a Flatchr company, for the worker. Keeps the enabled connections in
 * memory (a handful of rows) and checks a change counter at most every two seconds, so a hire
 * costs no extra query; a connection added or edited in another process applies within that.
 */
@Injectable()
export class ConnectionResolver {
  private byCompany = new Map<string, ResolvedConnection>();
  private byId = new Map<string, ResolvedConnection>();
  private version: string | null = null;
  private checkedAt = 0;
  private loading: Promise<void> | null = null;
  private readonly fallback: ResolvedConnection | null;

  constructor(
    private readonly repo: ConnectionsRepository,
    private readonly cipher: CredentialsCipher,
    config: AppConfigService,
  ) {
    const sirh = config.defaultSirh;
    this.fallback = sirh
      ? {
          id: DEFAULT_CONNECTION_ID,
          name: 'default (SIRH_BASE_URL)',
          provider: 'generic-sirh',
          baseUrl: sirh.baseUrl,
          credentials: { apiKey: sirh.apiKey },
          settings: {},
          // Unlimited as before connections existed: the SIRH's own 429s pace it.
          requestsPerMinute: null,
          companyIds: [],
          version: 'env',
        }
      : null;
  }

  /** The enabled connection naming `companyId`, else the default one, else null (the hire waits). */
  async forCompany(companyId: string | null): Promise<ResolvedConnection | null> {
    await this.refresh();
    return (companyId !== null ? this.byCompany.get(companyId) : undefined) ?? this.fallback;
  }

  /** An enabled connection by id (`default` included); null when it was deleted or disabled. */
  async get(id: string): Promise<ResolvedConnection | null> {
    if (id === DEFAULT_CONNECTION_ID) return this.fallback;
    await this.refresh();
    return this.byId.get(id) ?? null;
  }

  get hasDefault(): boolean {
    return this.fallback !== null;
  }

  /** Forget the copy: the next call reloads (after a change made by this process). */
  invalidate(): void {
    this.checkedAt = 0;
    this.version = null;
  }

  private async refresh(): Promise<void> {
    if (Date.now() - this.checkedAt < FRESH_FOR_MS) return;
    this.loading ??= this.reload().finally(() => (this.loading = null));
    await this.loading;
  }

  private async reload(): Promise<void> {
    const version = await this.repo.version();
    if (version !== this.version) {
      const rows = await this.repo.listEnabled();
      const byCompany = new Map<string, ResolvedConnection>();
      const byId = new Map<string, ResolvedConnection>();
      for (const row of rows) {
        const resolved = this.fromRow(row);
        if (!resolved) continue;
        byId.set(row.id, resolved);
        for (const companyId of row.companyIds) if (!byCompany.has(companyId)) byCompany.set(companyId, resolved);
      }
      this.byCompany = byCompany;
      this.byId = byId;
      this.version = version;
    }
    this.checkedAt = Date.now();
  }

  /** A row as the worker uses it (credentials decrypted, effective budget); null for a provider this version lacks. */
  fromRow(row: Connection): ResolvedConnection | null {
    const definition = hrisDefinition(row.provider as HrisProvider);
    if (!definition) return null;
    return {
      id: row.id,
      name: row.name,
      provider: definition.provider,
      baseUrl: row.baseUrl,
      credentials: this.cipher.decryptStored(row.credentialsCiphertext),
      settings: row.settings ?? {},
      requestsPerMinute: row.requestsPerMinute ?? definition.defaultRequestsPerMinute,
      companyIds: row.companyIds,
      version: row.updatedAt.toISOString(),
    };
  }
}
