import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';
import { ConnectionResolver } from './connection-resolver';
import { ConnectionsService } from './connections.service';

/** Well within the promised minute, and cheap: one grouped query over the waiting rows. */
const SWEEP_EVERY_MS = 20_000;

/**
 * Releases hires waiting for a connection once one serves their company, whatever made it so
 * (the API of another process, CONNECTIONS_FILE, SIRH_BASE_URL set at a restart). The API
 * releases at once after its own changes; this sweep catches the rest within a minute.
 */
@Injectable()
export class WaitingHiresReleaser implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Connections');
  private readonly task = new PeriodicTask('Waiting hires sweep', this.logger, () => this.sweep());

  constructor(
    private readonly syncJobs: SyncJobsRepository,
    private readonly resolver: ConnectionResolver,
    private readonly connections: ConnectionsService,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(SWEEP_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  async sweep(): Promise<number> {
    const waiting = await this.syncJobs.waitingByCompany();
    const served: string[] = [];
    for (const company of waiting) if (await this.resolver.forCompany(company.companyId)) served.push(company.companyId);
    return served.length > 0 ? this.connections.releaseWaiting(served, 'worker') : 0;
  }
}
