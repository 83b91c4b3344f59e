import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import type { HrisProvider } from '../hris/hris-provider';
import { ConnectionsRepository } from './connections.repository';
import { parseSyncSettings } from './sync-settings';

/** A change made by another process reaches the webhook within this. */
const REFRESH_EVERY_MS = 5000;
const NONE: readonly string[] = [];

/**
 * Each company's own hired columns (`settings.hiredColumns` of its connection), for the webhook's
 * hire detection. Held in memory and refreshed in the background, so the webhook never waits on a
 * query for it; a change made by this process applies at once.
 */
@Injectable()
export class CompanyHiredColumns implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Connections');
  private readonly task = new PeriodicTask('Hired columns refresh', this.logger, () => this.refresh());
  private byCompany = new Map<string, readonly string[]>();
  private version: string | null = null;

  constructor(private readonly repo: ConnectionsRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.task.start(REFRESH_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  for(companyId: unknown): readonly string[] {
    if (typeof companyId !== 'string' && typeof companyId !== 'number') return NONE;
    return this.byCompany.get(String(companyId).trim()) ?? NONE;
  }

  async refresh(): Promise<void> {
    const version = await this.repo.version();
    if (version === this.version) return;
    const map = new Map<string, readonly string[]>();
    for (const row of await this.repo.listEnabled()) {
      const parsed = parseSyncSettings(row.provider as HrisProvider, row.settings ?? {});
      if ('errors' in parsed || parsed.value.hiredColumns.length === 0) continue;
      for (const companyId of row.companyIds) map.set(companyId, parsed.value.hiredColumns);
    }
    this.byCompany = map;
    this.version = version;
  }
}
