import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import type { HrisProvider } from '../hris/hris-provider';
import { ConnectionsRepository } from './connections.repository';
import { parseSyncSettings } from './sync-settings';

/** A change made by another process reaches the webhook within this. */
const REFRESH_EVERY_MS = 5000;
const NONE: readonly string[] = [];

/**
 * What the webhook needs to know of each company's connection: its own hired columns
 * (`settings.hiredColumns`), and whether Flatchr's API may bring its hires too (a Flatchr company
 * key is set). Held in memory and refreshed in the background, so the webhook never waits on a
 * query for it; a change made by this process applies at once.
 */
@Injectable()
export class CompanySettings implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Connections');
  private readonly task = new PeriodicTask('Company settings refresh', this.logger, () => this.refresh());
  private byCompany = new Map<string, readonly string[]>();
  private withFlatchrApi = new Set<string>();
  private version: string | null = null;

  constructor(private readonly repo: ConnectionsRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.task.start(REFRESH_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  hiredColumns(companyId: unknown): readonly string[] {
    const id = idOf(companyId);
    return (id !== null && this.byCompany.get(id)) || NONE;
  }

  /** Whether a hire of this company may have come through Flatchr's API before its webhook (catch-up, backfill). */
  mayHaveApiHires(companyId: unknown): boolean {
    const id = idOf(companyId);
    return id !== null && this.withFlatchrApi.has(id);
  }

  async refresh(): Promise<void> {
    const version = await this.repo.version();
    if (version === this.version) return;
    const map = new Map<string, readonly string[]>();
    const withFlatchrApi = new Set<string>();
    // Disabled ones too: hires their catch-up brought stay in Postgres after the connection is switched off.
    for (const row of await this.repo.list()) {
      if (typeof row.settings?.flatchrCompanyKey === 'string' && row.settings.flatchrCompanyKey.trim() !== '') {
        for (const companyId of row.companyIds) withFlatchrApi.add(companyId);
      }
      if (!row.enabled) continue;
      const parsed = parseSyncSettings(row.provider as HrisProvider, row.settings ?? {});
      if ('errors' in parsed || parsed.value.hiredColumns.length === 0) continue;
      for (const companyId of row.companyIds) map.set(companyId, parsed.value.hiredColumns);
    }
    this.byCompany = map;
    this.withFlatchrApi = withFlatchrApi;
    this.version = version;
  }
}

function idOf(companyId: unknown): string | null {
  return typeof companyId === 'string' || typeof companyId === 'number' ? String(companyId).trim() : null;
}
