import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../../common/periodic-task';
import { ConnectionResolver } from '../../connections/connection-resolver';
import { daysBetween } from '../api/flatchr-day';
import { planBackfillRange } from '../api/catch-up-planner';
import { HeldLock } from './company-lock';
import { FlatchrCatchUpService } from './flatchr-catch-up.service';
import { FlatchrClients } from './flatchr-clients';
import { BackfillRow, FlatchrBackfillsRepository } from './flatchr-backfills.repository';
import { FlatchrHireImport } from './flatchr-hire-import';

/** How often an idle worker looks for a backfill to run: an operator sees it start within this. */
const POLL_MS = 1000;
/** A running backfill not refreshed for this long lost its process: another one resumes it. */
const STALE_AFTER_MS = 2 * 60 * 1000;
const HEARTBEAT_MS = 20 * 1000;
/** Longer than a catch-up pass usually takes; a busier company's backfill goes back to pending and tries later. */
const LOCK_WAIT_MS = 60 * 1000;

/**
 * Runs the backfills operators asked for (worker role), one at a time per process, paced like every
 * Flatchr call and holding the company's lock (no catch-up of the company meanwhile). Progress is saved
 * page by page, so a restart resumes at the window it was in.
 */
@Injectable()
export class FlatchrBackfillRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Flatchr');
  private readonly task = new PeriodicTask('Flatchr backfill', this.logger, () => this.runNext());

  constructor(
    private readonly backfills: FlatchrBackfillsRepository,
    private readonly resolver: ConnectionResolver,
    private readonly clients: FlatchrClients,
    private readonly importer: FlatchrHireImport,
    private readonly catchUp: FlatchrCatchUpService,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** Runs the next backfill due, if any; answers whether one ran. */
  async runNext(): Promise<boolean> {
    const row = await this.backfills.claimNext(STALE_AFTER_MS);
    if (!row) return false;
    const heartbeat = setInterval(() => void this.backfills.touch(row.id).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      await this.run(row);
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }

  /** A catch-up of the company may be finishing (catch-ups give way to backfills once they see one). */
  private async lockWithin(companyKey: string, waitMs: number): Promise<HeldLock | null> {
    const until = Date.now() + waitMs;
    for (;;) {
      const lock = await this.catchUp.locks.tryAcquire(companyKey);
      if (lock || Date.now() >= until) return lock;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async run(row: BackfillRow): Promise<void> {
    const connection = await this.resolver.get(row.connectionId);
    const client = connection ? this.clients.client(connection) : null;
    const companyId = connection?.companyIds[0];
    if (!connection || !client || !companyId) {
      await this.backfills.finish(row.id, 'failed', 'the connection is disabled or has no Flatchr access any more');
      return;
    }
    const lock = await this.lockWithin(client.companyKey, LOCK_WAIT_MS);
    if (!lock) {
      await this.backfills.release(row.id);
      return;
    }
    try {
      const range = planBackfillRange(row.since, new Date());
      if (row.doneUntil && daysBetween(range.from, row.doneUntil) > 0) range.from = row.doneUntil;
      // Without paging each answer is a whole window: the next run may start at its end (windows share edge days).
      const wholeWindows = client.readings.searchPaging.kind === 'none';
      const total = await this.importer.importRange({ connectionId: connection.id, companyId, client }, range, async (page, window) => {
        await this.backfills.progress(row.id, page, wholeWindows ? window.to : window.from);
        await lock.extend();
      });
      await this.backfills.finish(row.id, 'succeeded', null);
      await this.clients.noteKeyAccepted(connection.id);
      this.logger.log(
        `Backfill of "${connection.name}" since ${row.since}: ${total.found} hire(s) found, ${total.created} new, ${total.duplicates} known, ${total.failed} not usable`,
      );
    } catch (err) {
      await this.clients.noteKeyRefused(connection.id, err);
      await this.backfills.finish(row.id, 'failed', (err as Error).message);
      this.logger.warn(`Backfill of "${connection.name}" since ${row.since} failed: ${(err as Error).message}`);
    } finally {
      await lock.release().catch(() => undefined);
    }
  }
}
