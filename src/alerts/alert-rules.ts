import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTask } from '../common/periodic-task';
import { AppConfigService, AlertsConfig } from '../config/app-config.service';
import { SyncJobsRepository } from '../sync/sync-jobs.repository';
import { DeliveriesRepository } from '../webhooks/deliveries.repository';
import {
  BACKLOG_SUBJECT,
  SILENCE_SUBJECT,
  backlogAlert,
  flatchrSilentAlert,
  hireFactsOf,
  hireFailedAlert,
  hireWaitingAlert,
} from './alert-builders';
import { ALERT_POLICY } from './alert-policy';
import { AlertsService } from './alerts.service';
import { AlertsSentRepository } from './alerts-sent.repository';

/** How many alerts each rule raised in one pass. */
export interface RulesPass {
  waiting: number;
  backlog: number;
  silence: number;
  missedFailures: number;
}

/**
 * The alert rules that need looking at the tables: hires waiting for a connection, the backlog,
 * Flatchr's silence, and failures whose alert was never raised. Runs in the worker role; several
 * workers checking at once raise each alert once all the same (alerts_sent's unique key).
 */
@Injectable()
export class AlertRules implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertRules.name);
  private readonly task = new PeriodicTask('Alert rules', this.logger, () => this.check());
  private readonly config: AlertsConfig;

  constructor(
    private readonly alerts: AlertsService,
    private readonly sent: AlertsSentRepository,
    private readonly jobs: SyncJobsRepository,
    private readonly deliveries: DeliveriesRepository,
    config: AppConfigService,
  ) {
    this.config = config.alerts;
  }

  onApplicationBootstrap(): void {
    if (this.alerts.enabled) this.task.start(ALERT_POLICY.checkIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One pass over every rule. */
  async check(now = new Date()): Promise<RulesPass> {
    if (!this.alerts.enabled) return { waiting: 0, backlog: 0, silence: 0, missedFailures: 0 };
    return {
      waiting: await this.waitingHires(now),
      backlog: await this.backlog(now),
      silence: await this.silence(now),
      missedFailures: await this.missedFailures(now),
    };
  }

  private async waitingHires(now: Date): Promise<number> {
    const rows = await this.jobs.waitingForConnection(this.config.waitingMinutes, ALERT_POLICY.perRuleLimit);
    const known = await this.sent.existingSubjects(
      'hire_waiting',
      rows.map((r) => r.id),
    );
    let raised = 0;
    for (const row of rows.filter((r) => !known.has(r.id))) {
      if (await this.alerts.raise(hireWaitingAlert(hireFactsOf(row, row.updatedAt), this.alerts.linkBase, now))) raised++;
    }
    return raised;
  }

  /** One alert while the oldest unsynced hire is too old; once the backlog clears, the next one alerts again. */
  private async backlog(now: Date): Promise<number> {
    const oldest = await this.jobs.oldestUnfinished();
    const limit = now.getTime() - this.config.backlogMinutes * 60_000;
    if (!oldest || oldest.createdAt.getTime() > limit) {
      await this.alerts.endEpisode('backlog', BACKLOG_SUBJECT);
      return 0;
    }
    return (await this.alerts.raise(backlogAlert(hireFactsOf(oldest, oldest.createdAt), this.alerts.linkBase, now))) ? 1 : 0;
  }

  /** Off unless ALERT_SILENCE_DAYS is set; a service that never received anything has nothing to compare with. */
  private async silence(now: Date): Promise<number> {
    const days = this.config.silenceDays;
    if (days === null) return 0;
    const latest = await this.deliveries.latest();
    if (!latest) return 0;
    if (latest.receivedAt.getTime() > now.getTime() - days * 86_400_000) {
      await this.alerts.endEpisode('flatchr_silent', SILENCE_SUBJECT);
      return 0;
    }
    return (await this.alerts.raise(flatchrSilentAlert(days, latest, this.alerts.linkBase, now))) ? 1 : 0;
  }

  /** A worker that stopped between failing a job and raising its alert: the alert is raised here. */
  private async missedFailures(now: Date): Promise<number> {
    const rows = await this.jobs.failedWithin(ALERT_POLICY.failedCatchUpMinutes, ALERT_POLICY.perRuleLimit);
    const known = await this.sent.existingSubjects(
      'hire_failed',
      rows.map((r) => r.id),
    );
    let raised = 0;
    for (const row of rows.filter((r) => !known.has(r.id))) {
      if (await this.alerts.raise(hireFailedAlert(hireFactsOf(row, row.finishedAt ?? row.updatedAt), this.alerts.linkBase, now))) raised++;
    }
    if (raised > 0) this.logger.log(`Raised ${raised} hire-failed alert(s) missed when the jobs failed`);
    return raised;
  }
}
