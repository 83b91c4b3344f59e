import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { AppConfigService } from '../config/app-config.service';
import { ConnectionHealthService } from '../connections/connection-health.service';
import { ConnectionResolver } from '../connections/connection-resolver';
import { DEFAULT_CONNECTION_ID, ResolvedConnection } from '../connections/resolved-connection';
import { SyncSettings, readSyncSettings } from '../connections/sync-settings';
import { EmployeeKey, employeeKeyOf } from '../employees/employee-key';
import type { EmployeeRecord } from '../employees/employee-record';
import { EmployeesRepository, KnownEmployee } from '../employees/employees.repository';
import { PushOutcome, PushProgress } from '../hris/hris-connector';
import { HrisConnectors } from '../hris/hris-connectors';
import { HrisFailure } from '../hris/hris-failure';
import { ContractTypeTable, DEFAULT_CONTRACT_TYPE_TABLE, parseContractTypeTable } from '../mapping/contract-types';
import { resolveContractTypeTable } from '../mapping/contract-labels';
import { mapFlatchrHireToEmployee } from '../mapping/flatchr-to-employee';
import { FlatchrClients } from '../flatchr/catch-up/flatchr-clients';
import { FlatchrWriteBackProducer } from '../flatchr/catch-up/flatchr-write-back.producer';
import { startDateByRule } from '../mapping/start-date-rule';
import { FailureClass, classifyFailure } from './retry-policy';
import { ClaimedJob, SyncJobsRepository } from './sync-jobs.repository';

/** What the queue should do with the job after one run. */
export type RunOutcome =
  | { kind: 'done'; status: 'succeeded' | 'skipped' | 'waiting_connection'; hrisId: string | null }
  | { kind: 'failed'; failure: FailureClass; final: boolean };

/** Same for every attempt and every re-hire of one person: the HRIS never creates them twice. */
export function idempotencyKeyFor(record: EmployeeRecord): string {
  return `hirebridge:${record.externalId}`;
}

/**
 * One run of one sync job: map the stored delivery, make sure the employee exists once, push it
 * to the HRIS and record what happened. Safe to run again for the same job (redelivery, stalled
 * worker): a finished job is left alone and the HRIS call carries the same Idempotency-Key.
 */
@Injectable()
export class HireSyncService {
  private readonly logger = new Logger(HireSyncService.name);
  private readonly contractTypes: ContractTypeTable;
  /** CONTRACT_TYPE_MAP alone: above Flatchr's referential when the connection can read it. */
  private readonly contractTypeOverride: ContractTypeTable;
  /** Each connection's own settings, parsed once per version of it. */
  private readonly syncSettings = new Map<string, { version: string; settings: SyncSettings }>();

  constructor(
    private readonly store: SyncJobsRepository,
    private readonly employees: EmployeesRepository,
    private readonly connections: ConnectionResolver,
    private readonly connectors: HrisConnectors,
    private readonly health: ConnectionHealthService,
    config: AppConfigService,
    private readonly alerts: AlertsService,
    private readonly flatchr: FlatchrClients,
    private readonly writeBacks: FlatchrWriteBackProducer,
  ) {
    this.contractTypeOverride = config.contractTypeMap ? parseContractTypeTable(config.contractTypeMap) : {};
    this.contractTypes = { ...DEFAULT_CONTRACT_TYPE_TABLE, ...this.contractTypeOverride };
  }

  /** `isLastAttempt`: whether a retryable failure now ends the job (the queue will not try again). */
  async run(syncJobId: string, isLastAttempt: boolean, correlationId?: string): Promise<RunOutcome> {
    const runStartedAt = new Date();
    const claimed = await this.store.claim(syncJobId);
    if (!claimed) throw new Error(`sync job ${syncJobId} does not exist`);
    if (claimed.status === 'succeeded' || claimed.status === 'skipped') {
      return { kind: 'done', status: claimed.status, hrisId: claimed.hrisId };
    }

    const connection = await this.connectionFor(claimed);
    if (!connection) {
      const company = claimed.key.companyId ?? 'unknown';
      await this.store.recordWaiting(syncJobId, runStartedAt, `no connection serves Flatchr company ${company}: waiting for one`);
      this.logger.log({ msg: `no connection serves company ${company}: waiting`, syncJobId, correlationId });
      return { kind: 'done', status: 'waiting_connection', hrisId: null };
    }
    const settings = await this.withFlatchrContractTypes(connection, this.settingsOf(connection));

    let record: EmployeeRecord;
    try {
      record = mapFlatchrHireToEmployee(claimed.payload as Parameters<typeof mapFlatchrHireToEmployee>[0], {
        contractTypes: settings.contractTypes,
      });
    } catch (err) {
      const failure = classifyFailure(err);
      await this.store.recordUnmappable(syncJobId, runStartedAt, failure.reason);
      this.logger.warn({ msg: `sync failed for good: ${failure.reason}`, syncJobId, correlationId });
      // Not awaited, never throws: an alert that cannot be sent does not fail the job.
      this.alerts.hireFailedForGood(syncJobId);
      return { kind: 'failed', failure, final: true };
    }
    let startDateToConfirm = false;
    if (record.startDate === null && settings.startDateRule) {
      record = { ...record, startDate: startDateByRule(claimed.receivedAt, settings.startDateRule) };
      startDateToConfirm = true;
    }

    const key = employeeKeyOf(record);
    const idempotencyKey = idempotencyKeyFor(record);
    const known = await this.knownEmployee(claimed, key);
    if (known?.hrisId) {
      // Re-hired, or dragged out of and back into the hired column: the HRIS has them already.
      await this.store.recordSkipped(
        syncJobId,
        runStartedAt,
        { id: known.id, hrisId: known.hrisId },
        record,
        idempotencyKey,
        connection.id,
      );
      this.logger.log({
        msg: `${record.externalId} already in ${connection.provider} as ${known.hrisId}: skipped`,
        syncJobId,
        correlationId,
      });
      return { kind: 'done', status: 'skipped', hrisId: known.hrisId };
    }

    const employee = { key, record, hrisSystem: connection.provider, idempotencyKey, connectionId: connection.id, startDateToConfirm };
    const startedAt = new Date();
    let outcome: PushOutcome;
    try {
      const connector = this.connectors.for(connection);
      outcome = await connector.pushEmployee(record, {
        idempotencyKey,
        correlationId,
        progress: this.progressOf(syncJobId, connection.id, claimed),
      });
    } catch (err) {
      const failure = classifyFailure(err);
      if (err instanceof HrisFailure && err.notSent) {
        // The connection's own budget is spent: nothing was sent, nothing to record; the job waits its turn.
        return { kind: 'failed', failure, final: false };
      }
      const final = failure.kind === 'permanent' || (failure.kind === 'retryable' && isLastAttempt);
      await this.store.recordAttempt(syncJobId, runStartedAt, employee, {
        status: final ? 'failed' : 'retrying',
        hrisId: null,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        httpStatus: err instanceof HrisFailure ? err.httpStatus : null,
        outcome: failure.kind,
        responseExcerpt: err instanceof HrisFailure ? err.responseExcerpt : null,
        error: failure.reason,
        fieldErrors: err instanceof HrisFailure ? err.fieldErrors : [],
      });
      if (err instanceof HrisFailure && err.authenticationFailed) await this.health.credentialsRefused(connection, failure.reason);
      if (final) {
        this.logger.warn({ msg: `sync failed for good: ${failure.reason}`, syncJobId, correlationId });
        this.alerts.hireFailedForGood(syncJobId);
      } else this.logger.log({ msg: `will retry (${failure.kind}): ${failure.reason}`, syncJobId, correlationId });
      return { kind: 'failed', failure, final };
    }

    // Not inside the try: if this fails the person is in the HRIS but not recorded here; the
    // queue runs the job again and the connector's look-up (or Idempotency-Key) finds them.
    const durationMs = Date.now() - startedAt.getTime();
    await this.store.recordAttempt(syncJobId, runStartedAt, employee, {
      status: 'succeeded',
      hrisId: outcome.hrisId,
      startedAt,
      durationMs,
      httpStatus: outcome.httpStatus,
      outcome: 'succeeded',
      responseExcerpt: outcome.responseExcerpt,
      error: null,
      pushed: {
        kind: outcome.kind,
        foundName: outcome.kind === 'linked' ? (outcome.foundName ?? null) : null,
        notices: outcome.notices,
      },
    });
    if (connection.id !== DEFAULT_CONNECTION_ID) await this.health.pushSucceeded(connection);
    // Its own queue and retries: a write-back to Flatchr never fails the hire.
    await this.writeBacks.afterSync(connection, syncJobId);
    this.logger.log({
      msg: `${record.externalId} ${outcome.kind} in ${connection.provider} as ${outcome.hrisId}`,
      syncJobId,
      correlationId,
      connectionId: connection.id,
      httpStatus: outcome.httpStatus,
      durationMs,
    });
    return { kind: 'done', status: 'succeeded', hrisId: outcome.hrisId };
  }

  /** The run's connection: the one fixed at its first attempt while it still exists, else the company's. */
  private async connectionFor(claimed: ClaimedJob): Promise<ResolvedConnection | null> {
    if (claimed.connectionId) {
      const fixed = await this.connections.get(claimed.connectionId);
      if (fixed) return fixed;
    }
    return this.connections.forCompany(claimed.key.companyId);
  }

  private settingsOf(connection: ResolvedConnection): SyncSettings {
    const cached = this.syncSettings.get(connection.id);
    if (cached && cached.version === connection.version) return cached.settings;
    const own = readSyncSettings(connection.provider, connection.settings);
    const settings = { ...own, contractTypes: { ...this.contractTypes, ...own.contractTypes } };
    this.syncSettings.set(connection.id, { version: connection.version, settings });
    return settings;
  }

  /**
   * With Flatchr access, contract type ids are read from Flatchr's referential (cached a day), under
   * CONTRACT_TYPE_MAP and the connection's settings.contractTypes; without it (or while Flatchr cannot be
   * read) the tables alone, as for webhooks-only connections.
   */
  private async withFlatchrContractTypes(connection: ResolvedConnection, settings: SyncSettings): Promise<SyncSettings> {
    const referential = await this.flatchr.contractTypes(connection);
    if (!referential) return settings;
    const own = readSyncSettings(connection.provider, connection.settings).contractTypes;
    return { ...settings, contractTypes: resolveContractTypeTable(referential, { ...this.contractTypeOverride, ...own }) };
  }

  private progressOf(syncJobId: string, connectionId: string, claimed: ClaimedJob): PushProgress {
    const steps = { ...(claimed.pushSteps[connectionId] ?? {}) };
    return {
      steps,
      record: async (step, data = {}) => {
        await this.store.recordPushStep(syncJobId, connectionId, step, data);
        steps[step] = { at: new Date().toISOString(), data: { ...data } };
      },
    };
  }

  /**
   * The person's employee row, if any. The claim found it by the delivery's key columns, which are
   * what the mapper reads for every delivery the webhook accepts; if they ever disagree (a body
   * stored some other way), the mapper's key wins, at the cost of one more query.
   */
  private async knownEmployee(claimed: ClaimedJob, key: EmployeeKey): Promise<KnownEmployee | null> {
    if (claimed.key.companyId === key.companyId && claimed.key.candidateId === key.candidateId) return claimed.employee;
    return this.employees.findByKey(key);
  }
}
