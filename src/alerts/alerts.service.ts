import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import { AppConfigService } from '../config/app-config.service';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';
import type { Alert, ConnectionFacts } from './alert';
import { connectionFailingAlert, connectionRecoveredAlert, hireFactsOf, hireFailedAlert, testAlert } from './alert-builders';
import type { AlertMessage } from './alert-message';
import { ALERT_POLICY } from './alert-policy';
import { AlertsSentRepository } from './alerts-sent.repository';
import type { AlertChannel, ChannelResult } from './channels/alert-channel';
import { buildChannels, channelSecrets, scrubSecrets } from './channels/alert-channels';

/**
 * Raises alerts and sends them. Raising writes the alert to alerts_sent (once per kind and
 * subject, whoever raises it, in whichever process); sending drains that table shortly after, one
 * process at a time, alone or as a digest when many fire together. Raising never throws into its
 * caller: an alert that cannot be recorded is logged and forgotten, never a failed sync.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertsService.name);
  private readonly channels: AlertChannel[];
  private readonly secrets: string[];
  private readonly base: string;
  private readonly flushTask = new PeriodicTask('Alert sending', this.logger, () => this.flush());
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<number> = Promise.resolve(0);
  /** Raises still writing their row: shutdown waits for them before the database closes. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly sent: AlertsSentRepository,
    private readonly jobs: SyncJobsRepository,
    config: AppConfigService,
  ) {
    this.channels = buildChannels(config.alerts);
    this.secrets = channelSecrets(config.alerts);
    this.base = config.publicUrl ?? '';
  }

  /** Whether any channel is configured; without one, nothing is recorded or sent. */
  get enabled(): boolean {
    return this.channels.length > 0;
  }

  /** PUBLIC_URL, or '' when links are bare dashboard paths. */
  get linkBase(): string {
    return this.base;
  }

  onApplicationBootstrap(): void {
    // Alerts raised by a process that stopped before sending them are sent by the next pass.
    if (this.enabled) this.flushTask.start(ALERT_POLICY.flushIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    await Promise.allSettled([...this.inFlight]);
    await this.flushTask.stop();
    await this.flushing.catch(() => undefined);
    await Promise.allSettled(this.channels.map((c) => (c.close ? c.close() : Promise.resolve())));
  }

  // --- Events from the rest of the service (never throw, never wait for a channel)

  /** The sync worker gave up on a hire: no more automatic attempts. */
  hireFailedForGood(syncJobId: string): void {
    this.track(async () => {
      const row = await this.jobs.summary(syncJobId);
      // A run of the job that another run had already finished records its attempt, not its outcome.
      if (row?.status === 'failed')
        await this.raise(hireFailedAlert(hireFactsOf(row, row.finishedAt ?? row.updatedAt), this.base, new Date()));
    }, `hire failed for good (${syncJobId})`);
  }

  /** The HRIS refused a connection's credentials: alerted at once, and once until it works again. */
  connectionFailing(connection: ConnectionFacts & { path?: string }): void {
    this.track(() => this.raise(connectionFailingAlert(connection, this.base, new Date())), `connection failing (${connection.id})`);
  }

  /** A connection that was failing works again: one "works again" message, only if its failure was alerted. */
  connectionRecovered(connection: ConnectionFacts & { path?: string }): void {
    this.track(async () => {
      if (!this.enabled) return;
      const episode = await this.sent.clear('connection_failing', connection.id);
      if (episode !== null) await this.raise(connectionRecoveredAlert(connection, episode, this.base, new Date()));
    }, `connection recovered (${connection.id})`);
  }

  /**
   * Records the alert unless its kind and subject were alerted already, then sends soon. True
   * when this call recorded it.
   */
  async raise(alert: Alert): Promise<boolean> {
    if (!this.enabled) return false;
    const queued = await this.sent.enqueue(alert);
    if (queued) this.scheduleFlush();
    return queued;
  }

  /** Ends an episode (backlog, silence) so that the next one alerts again. */
  async endEpisode(kind: Alert['kind'], subject: string): Promise<void> {
    if (this.enabled) await this.sent.clear(kind, subject);
  }

  // --- Sending

  /**
   * Sends every alert due now; returns how many were sent or tried. One process sends at a time;
   * in this process, passes run one after the other, so a pass asked for after an alert was
   * recorded always looks for it.
   */
  flush(): Promise<number> {
    const pass = this.flushing.catch(() => 0).then(() => this.drain());
    this.flushing = pass;
    return pass;
  }

  private async drain(): Promise<number> {
    let count = 0;
    for (;;) {
      const claimed = await this.sent.claimDue(ALERT_POLICY.digest);
      if (!claimed) return count;
      const messages: Array<{ ids: string[]; message: AlertMessage }> =
        claimed.mode === 'digest'
          ? [{ ids: claimed.rows.map((r) => r.id), message: { kind: 'digest', alerts: claimed.rows.map((r) => r.alert) } }]
          : claimed.rows.map((r) => ({ ids: [r.id], message: { kind: 'single', alert: r.alert } }));
      for (const { ids, message } of messages) {
        const results = await this.sendToAll(message);
        if (results.some((r) => r.ok)) await this.sent.markSent(ids, results);
        else await this.sent.markUnsent(ids, results, ALERT_POLICY.retryAfterSeconds, ALERT_POLICY.maxSendAttempts);
        for (const r of results.filter((x) => !x.ok)) this.logger.warn(`Alert channel ${r.channel} failed: ${r.detail}`);
        count += ids.length;
      }
    }
  }

  /** A test alert to every channel, bypassing de-duplication and digests; one result per channel. */
  async sendTest(user: string): Promise<ChannelResult[]> {
    return this.sendToAll({ kind: 'single', alert: testAlert(user, this.base, new Date()) });
  }

  private async sendToAll(message: AlertMessage): Promise<ChannelResult[]> {
    return Promise.all(
      this.channels.map(async (channel): Promise<ChannelResult> => {
        try {
          return { channel: channel.name, ok: true, detail: this.scrub(await channel.send(message)) };
        } catch (err) {
          return { channel: channel.name, ok: false, detail: this.scrub((err as Error).message || String(err)) };
        }
      }),
    );
  }

  private scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  private scheduleFlush(): void {
    if (this.stopped || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch((err: Error) => this.logger.warn(`Alert sending failed: ${this.scrub(err.message)}`));
    }, ALERT_POLICY.flushDelayMs);
    this.flushTimer.unref();
  }

  private track(work: () => Promise<unknown>, what: string): void {
    if (!this.enabled) return;
    const p = work()
      .catch((err: Error) => this.logger.warn(`Alert not recorded, ${what}: ${this.scrub(err.message)}`))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }
}
