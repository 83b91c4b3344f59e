import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { ConnectionsRepository } from './connections.repository';
import { DEFAULT_CONNECTION_ID, ResolvedConnection } from './resolved-connection';

/** How often a busy connection's last success is written: the page shows it by the minute. */
const SUCCESS_WRITE_EVERY_MS = 10_000;

/**
 * A connection's health as its pushes show it: refused credentials mark it failing (once, with
 * the HRIS's words), a later success or passing test marks it ok again.
 */
@Injectable()
export class ConnectionHealthService {
  private readonly logger = new Logger('Connections');
  private readonly lastSuccessWrite = new Map<string, number>();

  constructor(
    private readonly repo: ConnectionsRepository,
    private readonly alerts: AlertsService,
  ) {}

  async credentialsRefused(connection: HealthSubject, reason: string): Promise<void> {
    if (connection.id === DEFAULT_CONNECTION_ID) {
      this.logger.error(`The SIRH of SIRH_BASE_URL refused SIRH_API_KEY: ${reason}`);
      return;
    }
    this.lastSuccessWrite.delete(connection.id);
    const previous = await this.repo.setHealth(connection.id, 'failing', reason);
    if (previous !== null && previous !== 'failing') {
      this.logger.error(`Connection "${connection.name}" is failing: its HRIS refused the credentials (${reason})`);
      // Once per episode: the alert's own record keeps a second process from sending it again.
      this.alerts.connectionFailing(factsOf(connection, reason));
    }
  }

  async pushSucceeded(connection: HealthSubject): Promise<void> {
    const now = Date.now();
    if (now - (this.lastSuccessWrite.get(connection.id) ?? 0) < SUCCESS_WRITE_EVERY_MS) return;
    this.lastSuccessWrite.set(connection.id, now);
    const previous = await this.repo.recordSuccess(connection.id);
    if (previous === 'failing') {
      this.logger.log(`Connection "${connection.name}" works again`);
      this.alerts.connectionRecovered(factsOf(connection, null));
    }
  }

  async testPassed(connection: HealthSubject, detail: string): Promise<void> {
    const previous = await this.repo.setHealth(connection.id, 'ok', detail);
    if (previous === 'failing') {
      this.logger.log(`Connection "${connection.name}" works again (test passed)`);
      this.alerts.connectionRecovered(factsOf(connection, detail));
    }
  }
}

/** What the health and its alerts need of a connection. */
export type HealthSubject = Pick<ResolvedConnection, 'id' | 'name'> & { provider: string; companyIds?: readonly string[] };

function factsOf(connection: HealthSubject, detail: string | null) {
  return {
    id: connection.id,
    name: connection.name,
    provider: connection.provider,
    companies: connection.companyIds ? [...connection.companyIds] : undefined,
    detail,
    path: `/dashboard/connections/${connection.id}`,
  };
}
