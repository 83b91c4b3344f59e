import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { HrisConnectors } from '../hris/hris-connectors';
import type { HrisFieldError } from '../hris/hris-failure';
import { hrisDefinition } from '../hris/hris-registry';
import type { HrisProvider } from '../hris/hris-provider';
import { HireSyncProducer } from '../sync/hire-sync.producer';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';
import { CompanySettings } from './company-settings';
import { Connection } from './connection.entity';
import { ConnectionHealthService } from './connection-health.service';
import { ConnectionResolver } from './connection-resolver';
import { ConnectionListView, ConnectionTestView, ConnectionView, WaitingCompanyView } from './connection-view';
import { ConnectionValues, ConnectionsRepository } from './connections.repository';
import { CredentialsCipher } from './credentials-cipher';
import type { CreateConnectionBody, UpdateConnectionBody } from './dto/connection.body';
import { flatchrAccessOf, validateFlatchrSettings } from './flatchr-access';
import { parseSyncSettings } from './sync-settings';

/** A 400 whose body lists each refused field with its message, like the DTO validation's. */
export function fieldErrors(errors: HrisFieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => `${e.field}: ${e.message}`),
    fields: errors,
  });
}

/** Creating, changing, testing connections, and releasing the hires that waited for one. */
@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger('Connections');

  constructor(
    private readonly repo: ConnectionsRepository,
    private readonly cipher: CredentialsCipher,
    private readonly resolver: ConnectionResolver,
    private readonly connectors: HrisConnectors,
    private readonly health: ConnectionHealthService,
    private readonly syncJobs: SyncJobsRepository,
    private readonly producer: HireSyncProducer,
    private readonly companySettings: CompanySettings,
  ) {}

  async list(): Promise<ConnectionListView> {
    const [rows, stats] = await Promise.all([this.repo.list(), this.syncJobs.connectionStats()]);
    return { items: rows.map((r) => this.view(r, stats.get(r.id))), defaultConnection: this.resolver.hasDefault };
  }

  async get(id: string): Promise<ConnectionView> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundException(`connection ${id} not found`);
    const stats = await this.syncJobs.connectionStats();
    return this.view(row, stats.get(row.id));
  }

  async create(body: CreateConnectionBody, actor: string): Promise<ConnectionView> {
    const values = this.valuesOf(body, null);
    const result = await this.repo.save(null, values);
    const saved = this.savedOrConflict(result, values.name);
    this.logger.log(
      `Connection "${saved.name}" (${saved.provider}) created by ${actor} for companies ${saved.companyIds.join(', ') || 'none'}`,
    );
    await this.afterChange(saved, actor);
    return this.view(saved, undefined);
  }

  async update(id: string, body: UpdateConnectionBody, actor: string): Promise<ConnectionView> {
    const existing = await this.repo.find(id);
    if (!existing) throw new NotFoundException(`connection ${id} not found`);
    const values = this.valuesOf(body, existing);
    const result = await this.repo.save(id, values);
    if (result === null) throw new NotFoundException(`connection ${id} not found`);
    const saved = this.savedOrConflict(result, values.name);
    this.logger.log(`Connection "${saved.name}" updated by ${actor}${body.credentials ? ' (credentials replaced)' : ''}`);
    await this.afterChange(saved, actor);
    return this.get(id);
  }

  async remove(id: string, actor: string): Promise<void> {
    const existing = await this.repo.find(id);
    if (!existing || !(await this.repo.delete(id))) throw new NotFoundException(`connection ${id} not found`);
    this.resolver.invalidate();
    await this.companySettings.refresh();
    this.logger.log(`Connection "${existing.name}" deleted by ${actor}`);
  }

  /** A cheap authenticated read on the vendor with the stored credentials. */
  async test(id: string): Promise<ConnectionTestView> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundException(`connection ${id} not found`);
    const target = this.resolver.fromRow(row);
    if (!target) return { ok: false, detail: `no connector for provider ${row.provider}` };
    const connector = this.connectors.build(target);
    let check: ConnectionTestView;
    try {
      check = await connector.testConnection();
    } catch (err) {
      check = { ok: false, detail: (err as Error).message };
    }
    if (check.ok) await this.health.testPassed(row, check.detail);
    return check;
  }

  async waitingCompanies(): Promise<WaitingCompanyView[]> {
    const rows = await this.syncJobs.waitingByCompany();
    return rows.map((r) => ({ ...r, oldestAt: r.oldestAt.toISOString() }));
  }

  /**
   * Hires that waited for a connection go to the queue now that one serves their company; the
   * worker's sweep (WaitingHiresReleaser) covers changes made elsewhere, such as CONNECTIONS_FILE.
   */
  async releaseWaiting(companyIds: readonly string[], actor: string): Promise<number> {
    const released = await this.syncJobs.releaseWaiting(companyIds, actor);
    for (const job of released) await this.producer.enqueuePush({ syncJobId: job.id, deliveryId: job.deliveryId }, job.run);
    if (released.length > 0) this.logger.log(`${released.length} waiting hire(s) of ${companyIds.join(', ')} sent to the queue`);
    return released.length;
  }

  private async afterChange(saved: Connection, actor: string): Promise<void> {
    this.resolver.invalidate();
    await this.companySettings.refresh();
    if (saved.enabled) {
      // The queue may be down: the worker's sweep releases them later, nothing is lost.
      await this.releaseWaiting(saved.companyIds, actor).catch((err: Error) =>
        this.logger.warn(`Waiting hires not released yet: ${err.message}`),
      );
    }
  }

  private savedOrConflict(result: Awaited<ReturnType<ConnectionsRepository['save']>>, name: string): Connection {
    if (result === null) throw new NotFoundException('connection not found');
    if ('conflicts' in result) {
      const list = result.conflicts.map((c) => `company ${c.companyId} is served by connection "${c.connectionName}" (${c.connectionId})`);
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `${name}: ${list.join('; ')}`,
        conflicts: result.conflicts,
      });
    }
    return result.saved;
  }

  /** Checks the body against the provider's definition; merges over the existing row for a PATCH. */
  valuesOf(body: Partial<CreateConnectionBody>, existing: Connection | null): ConnectionValues {
    const provider = (body.provider ?? existing?.provider) as HrisProvider;
    const definition = hrisDefinition(provider);
    const errors: HrisFieldError[] = [];
    if (!definition) throw fieldErrors([{ field: 'provider', message: `no connector for ${provider} is installed in this version` }]);
    const baseUrl = body.baseUrl !== undefined ? body.baseUrl || null : (existing?.baseUrl ?? null);
    const settings = body.settings ?? existing?.settings ?? {};
    let credentials: Record<string, string> | null = null;
    if (body.credentials !== undefined) {
      credentials = {};
      for (const field of definition.credentialFields) {
        const value = body.credentials[field];
        if (typeof value !== 'string' || value.trim() === '')
          errors.push({ field: `credentials.${field}`, message: `is required for ${provider}` });
        else credentials[field] = value;
      }
      for (const field of Object.keys(body.credentials)) {
        if (!definition.credentialFields.includes(field) && !OPTIONAL_CREDENTIALS.includes(field)) {
          errors.push({
            field: `credentials.${field}`,
            message: `is not a credential of ${provider} (expected ${definition.credentialFields.join(', ')})`,
          });
        } else if (OPTIONAL_CREDENTIALS.includes(field)) {
          const value = body.credentials[field];
          if (typeof value === 'string' && value !== '') credentials[field] = value;
        }
      }
    } else if (!existing?.credentialsCiphertext) {
      errors.push(...definition.credentialFields.map((f) => ({ field: `credentials.${f}`, message: `is required for ${provider}` })));
    } else if (body.provider && body.provider !== existing.provider) {
      errors.push({
        field: 'credentials',
        message: `a connection moved to ${provider} needs its credentials (${definition.credentialFields.join(', ')})`,
      });
    }
    if (!baseUrl && definition.documentedOrigin(settings) === null) {
      errors.push({
        field: 'baseUrl',
        message: `is required for ${provider} (or the settings that name the vendor's host, where it has them)`,
      });
    }
    errors.push(...definition.validateSettings(settings, baseUrl !== null));
    const common = parseSyncSettings(provider, settings);
    if ('errors' in common) errors.push(...common.errors);
    errors.push(...validateFlatchrSettings(settings));
    if (errors.length > 0) throw fieldErrors(errors);
    if (credentials && !this.cipher.canEncrypt) {
      throw fieldErrors([
        { field: 'credentials', message: 'cannot be stored: CREDENTIALS_KEY is not set on the server (see the README, Connections)' },
      ]);
    }
    return {
      name: (body.name ?? existing?.name ?? '').trim(),
      provider,
      companyIds: [...new Set(body.companyIds ?? existing?.companyIds ?? [])],
      baseUrl,
      credentialsCiphertext: credentials ? this.cipher.encrypt(credentials) : (existing?.credentialsCiphertext ?? null),
      settings,
      requestsPerMinute: body.requestsPerMinute !== undefined ? body.requestsPerMinute : (existing?.requestsPerMinute ?? null),
      enabled: body.enabled ?? existing?.enabled ?? true,
    };
  }

  view(row: Connection, stats: { synced7d: number; failed7d: number; lastSuccessAt: Date | null } | undefined): ConnectionView {
    const definition = hrisDefinition(row.provider as HrisProvider);
    const lastSuccess = [row.lastSuccessAt, stats?.lastSuccessAt ?? null]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    return {
      id: row.id,
      name: row.name,
      provider: row.provider,
      companyIds: row.companyIds,
      baseUrl: row.baseUrl,
      credentialsSet: row.credentialsCiphertext !== null,
      settings: row.settings,
      requestsPerMinute: row.requestsPerMinute ?? definition?.defaultRequestsPerMinute ?? null,
      requestsPerMinuteIsDefault: row.requestsPerMinute === null,
      enabled: row.enabled,
      health: row.health,
      healthDetail: row.healthDetail,
      healthChangedAt: row.healthChangedAt?.toISOString() ?? null,
      lastSuccessAt: lastSuccess?.toISOString() ?? null,
      synced7d: stats?.synced7d ?? 0,
      failed7d: stats?.failed7d ?? 0,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      flatchr: this.flatchrView(row),
    };
  }

  private flatchrView(row: Connection): ConnectionView['flatchr'] {
    let credentials: Record<string, string> = {};
    try {
      credentials = this.cipher.decryptStored(row.credentialsCiphertext);
    } catch {
      // Unreadable with the keys in force: the start-up key check reports it; the view shows no Flatchr link.
    }
    const access = flatchrAccessOf({ credentials, settings: row.settings ?? {} });
    if (!access) return null;
    return {
      companyKey: access.companyKey,
      writeBack: access.writeBack,
      writeBackUserSet: access.user !== null,
      lastCatchUpAt: row.flatchrLastCatchUpAt?.toISOString() ?? null,
      lastCatchUpError: row.flatchrLastCatchUpError,
      foundWithoutWebhook: row.flatchrFoundWithoutWebhook,
      keyRefused: row.flatchrKeyRefused,
    };
  }
}

/** Credentials any provider may carry besides its own: Flatchr access for catch-up and write-back. */
export const OPTIONAL_CREDENTIALS: readonly string[] = ['flatchrApiKey', 'flatchrUserEmail', 'flatchrUserPassword'];
