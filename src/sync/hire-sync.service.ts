import { Injectable, Logger } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { AppConfigService } from '../config/app-config.service';
import { EmployeeKey, employeeKeyOf } from '../employees/employee-key';
import type { EmployeeRecord } from '../employees/employee-record';
import { EmployeesRepository, KnownEmployee } from '../employees/employees.repository';
import { HrisConnector, PushOutcome, transientProgress } from '../hris/hris-connector';
import { HrisFailure } from '../hris/hris-failure';
import { ContractTypeTable, DEFAULT_CONTRACT_TYPE_TABLE, parseContractTypeTable } from '../mapping/contract-types';
import { mapFlatchrHireToEmployee } from '../mapping/flatchr-to-employee';
import { FailureClass, classifyFailure } from './retry-policy';
import { ClaimedJob, SyncJobsRepository } from './sync-jobs.repository';

/** What the queue should do with the job after one run. */
export type RunOutcome =
  { kind: 'done'; status: 'succeeded' | 'skipped'; hrisId: string | null } | { kind: 'failed'; failure: FailureClass; final: boolean };

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

  constructor(
    private readonly store: SyncJobsRepository,
    private readonly employees: EmployeesRepository,
    private readonly hris: HrisConnector,
    config: AppConfigService,
    private readonly alerts: AlertsService,
  ) {
    this.contractTypes = config.contractTypeMap
      ? { ...DEFAULT_CONTRACT_TYPE_TABLE, ...parseContractTypeTable(config.contractTypeMap) }
      : DEFAULT_CONTRACT_TYPE_TABLE;
  }

  /** `isLastAttempt`: whether a retryable failure now ends the job (the queue will not try again). */
  async run(syncJobId: string, isLastAttempt: boolean, correlationId?: string): Promise<RunOutcome> {
    const runStartedAt = new Date();
    const claimed = await this.store.claim(syncJobId);
    if (!claimed) throw new Error(`sync job ${syncJobId} does not exist`);
    if (claimed.status === 'succeeded' || claimed.status === 'skipped') {
      return { kind: 'done', status: claimed.status, hrisId: claimed.hrisId };
    }

    let record: EmployeeRecord;
    try {
      record = mapFlatchrHireToEmployee(claimed.payload as Parameters<typeof mapFlatchrHireToEmployee>[0], {
        contractTypes: this.contractTypes,
      });
    } catch (err) {
      const failure = classifyFailure(err);
      await this.store.recordUnmappable(syncJobId, runStartedAt, failure.reason);
      this.logger.warn({ msg: `sync failed for good: ${failure.reason}`, syncJobId, correlationId });
      // Not awaited, never throws: an alert that cannot be sent does not fail the job.
      this.alerts.hireFailedForGood(syncJobId);
      return { kind: 'failed', failure, final: true };
    }

    const key = employeeKeyOf(record);
    const idempotencyKey = idempotencyKeyFor(record);
    const known = await this.knownEmployee(claimed, key);
    if (known?.hrisId) {
      // Re-hired, or dragged out of and back into the hired column: the HRIS has them already.
      await this.store.recordSkipped(syncJobId, runStartedAt, { id: known.id, hrisId: known.hrisId }, record, idempotencyKey);
      this.logger.log({
        msg: `${record.externalId} already in ${this.hris.system} as ${known.hrisId}: skipped`,
        syncJobId,
        correlationId,
      });
      return { kind: 'done', status: 'skipped', hrisId: known.hrisId };
    }

    const employee = { key, record, hrisSystem: this.hris.system, idempotencyKey };
    const startedAt = new Date();
    let outcome: PushOutcome;
    try {
      outcome = await this.hris.pushEmployee(record, { idempotencyKey, correlationId, progress: transientProgress() });
    } catch (err) {
      const failure = classifyFailure(err);
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
      });
      if (final) {
        this.logger.warn({ msg: `sync failed for good: ${failure.reason}`, syncJobId, correlationId });
        this.alerts.hireFailedForGood(syncJobId);
      } else this.logger.log({ msg: `will retry (${failure.kind}): ${failure.reason}`, syncJobId, correlationId });
      return { kind: 'failed', failure, final };
    }

    // Not inside the try: if this fails the person is in the HRIS but not recorded here; the
    // queue runs the job again and the same Idempotency-Key gets the same answer.
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
    });
    this.logger.log({
      msg: `${record.externalId} ${outcome.kind} in ${this.hris.system} as ${outcome.hrisId}`,
      syncJobId,
      correlationId,
      httpStatus: outcome.httpStatus,
      durationMs,
    });
    return { kind: 'done', status: 'succeeded', hrisId: outcome.hrisId };
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
