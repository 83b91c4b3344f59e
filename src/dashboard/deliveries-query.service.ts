import { Injectable } from '@nestjs/common';
import { CompanySettings } from '../connections/company-settings';
import { ConnectionsRepository } from '../connections/connections.repository';
import type { FlatchrColumnInfo } from '../flatchr/api/hired-columns';
import { FlatchrClients } from '../flatchr/catch-up/flatchr-clients';
import { DeliveriesRepository, DeliveryRow } from '../webhooks/deliveries.repository';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';

export type { DeliveryRow } from '../webhooks/deliveries.repository';

/** The columns that count as hired for a company served by a connection, as the deliveries page explains them. */
export interface CompanyColumnsView {
  /** Flatchr's hired columns from the cache; null when the connection has no company key or nothing is cached. */
  flatchr: FlatchrColumnInfo[] | null;
  /** The connection's settings.hiredColumns. */
  settings: readonly string[];
}

/** Every webhook delivery, including the ignored, duplicate and rejected ones, newest first. */
@Injectable()
export class DeliveriesQueryService {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly connections: ConnectionsRepository,
    private readonly companies: CompanySettings,
    private readonly flatchr: FlatchrClients,
  ) {}

  async list(query: ListDeliveriesQuery) {
    const { status, event, q } = query;
    const { items, total } = await this.deliveries.list({ status, event, q }, query.pageSize, (query.page - 1) * query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  events(): Promise<string[]> {
    return this.deliveries.eventNames();
  }

  /**
   * For the companies of the ignored drag_applicant rows: the columns that count. One read of the
   * connections and of the cache per company, never a call to Flatchr: the page stays cheap.
   */
  async hiredColumnsOf(items: readonly DeliveryRow[]): Promise<Map<string, CompanyColumnsView>> {
    const companies = new Set(
      items.filter((d) => d.status === 'ignored' && d.event === 'drag_applicant' && d.companyId).map((d) => d.companyId as string),
    );
    const found = new Map<string, CompanyColumnsView>();
    if (companies.size === 0) return found;
    for (const row of await this.connections.listEnabled()) {
      const key = typeof row.settings?.flatchrCompanyKey === 'string' ? row.settings.flatchrCompanyKey.trim() : '';
      for (const companyId of row.companyIds) {
        if (!companies.has(companyId) || found.has(companyId)) continue;
        const flatchr = key ? await this.flatchr.cachedHiredColumnsOnly(key).catch(() => null) : null;
        found.set(companyId, { flatchr, settings: this.companies.hiredColumns(companyId) });
      }
    }
    return found;
  }
}
