import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import IORedis from 'ioredis';
import { PeriodicTask } from '../../common/periodic-task';
import { AppConfigService } from '../../config/app-config.service';
import { Connection } from '../../connections/connection.entity';
import { ConnectionResolver } from '../../connections/connection-resolver';
import { ConnectionsRepository } from '../../connections/connections.repository';
import { QUEUE_REDIS } from '../../sync/redis-connection';
import { planCatchUpWindow } from '../api/catch-up-planner';
import { FlatchrKeyRefusedError } from '../api/flatchr-api.errors';
import { CompanyLocks } from './company-lock';
import { FlatchrBackfillsRepository } from './flatchr-backfills.repository';
import { FlatchrClients } from './flatchr-clients';
import { FlatchrHireImport, ImportCounts, NO_COUNTS } from './flatchr-hire-import';

/**
 * A hire moved this recently is left to its webhook, which is likely on its way: taken now it would be
 * counted as found without one. Well within the window's overlap, so the next pass still has it.
 */
const WEBHOOK_GRACE_MS = 5 * 60 * 1000;

export type CatchUpResult = { ran: false; reason: string } | { ran: true; counts: ImportCounts; error: string | null };

/**
 * Every FLATCHR_CATCHUP_INTERVAL_MS (worker role), asks Flatchr for the hired applicants of each enabled
 * connection with Flatchr access, in a window overlapping the last successful one, and turns those that
 * have no sync job into one: the hires whose webhook never came. One run per company at a time across
 * processes (CompanyLocks); the result is kept on the connection.
 */
@Injectable()
export class FlatchrCatchUpService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Flatchr');
  private readonly task = new PeriodicTask('Flatchr catch-up', this.logger, () => this.runAll());
  readonly locks: CompanyLocks;

  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly resolver: ConnectionResolver,
    private readonly clients: FlatchrClients,
    private readonly importer: FlatchrHireImport,
    private readonly backfills: FlatchrBackfillsRepository,
    private readonly config: AppConfigService,
    @Inject(QUEUE_REDIS) redis: IORedis,
  ) {
    this.locks = new CompanyLocks(redis, `${config.queuePrefix}:flatchr-lock:`);
  }

  onApplicationBootstrap(): void {
    const every = this.config.flatchrCatchUpIntervalMs;
    if (every > 0) this.task.start(every);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One pass over the enabled connections, one after the other (Flatchr paces each company anyway). */
  async runAll(): Promise<Map<string, CatchUpResult>> {
    const results = new Map<string, CatchUpResult>();
    for (const row of await this.connections.listEnabled()) {
      results.set(row.id, await this.runOne(row));
    }
    return results;
  }

  async runOne(row: Connection): Promise<CatchUpResult> {
    const connection = await this.resolver.get(row.id);
    if (!connection) return { ran: false, reason: 'connection disabled or its provider is not installed' };
    const client = this.clients.client(connection);
    if (!client) return { ran: false, reason: 'no Flatchr access' };
    const companyId = connection.companyIds[0];
    if (!companyId) {
      const error = 'the connection lists no Flatchr company id: its hires could not be matched with its webhooks';
      await this.connections.recordCatchUp(row.id, { at: new Date(), successAt: null, error, foundWithoutWebhook: 0, keyRefused: null });
      return { ran: false, reason: error };
    }
    if (await this.backfills.activeFor(row.id)) return { ran: false, reason: 'a backfill of this connection is under way' };
    const lock = await this.locks.tryAcquire(client.companyKey);
    if (!lock) return { ran: false, reason: 'another catch-up or backfill of this company is running' };

    const plan = planCatchUpWindow({ now: new Date(), lastSuccessAt: row.flatchrLastCatchUpSuccessAt });
    let counts: ImportCounts = { ...NO_COUNTS };
    let error: string | null = null;
    let keyRefused: boolean | null = false;
    try {
      counts = await this.importer.importRange(
        { connectionId: row.id, companyId, client },
        plan,
        async (page) => {
          for (const k of Object.keys(counts) as Array<keyof ImportCounts>) counts[k] += page[k];
          await lock.extend();
        },
        { updatedBefore: new Date(plan.markOnSuccess.getTime() - WEBHOOK_GRACE_MS) },
      );
    } catch (err) {
      error = (err as Error).message;
      keyRefused = err instanceof FlatchrKeyRefusedError ? true : null;
    } finally {
      await lock.release().catch(() => undefined);
    }
    await this.connections.recordCatchUp(row.id, {
      at: new Date(),
      successAt: error === null ? plan.markOnSuccess : null,
      error,
      foundWithoutWebhook: counts.created,
      keyRefused,
    });
    if (error) this.logger.warn(`Flatchr catch-up of "${row.name}" failed: ${error}`);
    else if (counts.created > 0)
      this.logger.warn(
        `Flatchr catch-up of "${row.name}" found ${counts.created} hire(s) no webhook brought: check the webhook's URL and column in Flatchr`,
      );
    return { ran: true, counts, error };
  }
}
