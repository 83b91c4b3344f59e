import { Injectable, Logger } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { HrisConnector } from '../hris/hris-connector';
import { HrisRequestError } from '../hris/hris-request.error';
import { ContractTypeTable, DEFAULT_CONTRACT_TYPE_TABLE, parseContractTypeTable } from '../mapping/contract-types';
import type { EmployeeRecord } from '../mapping/employee-record';
import { mapFlatchrHireToEmployee } from '../mapping/flatchr-to-employee';
import { FailureClass, classifyFailure } from './retry-policy';
import { HireSyncStore } from './hire-sync.store';
import { SyncJobsService } from './sync-jobs.service';

/** What the queue should do with the job after one run. */
export type RunOutcome =
  | { kind: 'done'; status: 'succeeded' | 'skipped'; hrisId: string | null }
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

  constructor(
    private readonly syncJobs: SyncJobsService,
    private readonly store: HireSyncStore,
    private readonly hris: HrisConnector,
    config: AppConfigService,
  ) {
    this.contractTypes = config.contractTypeMap
      ? { ...DEFAULT_CONTRACT_TYPE_TABLE, ...parseContractTypeTable(config.contractTypeMap) }
      : DEFAULT_CONTRACT_TYPE_TABLE;
  }

  /** `isLastAttempt`: whether a retryable failure now ends the job (the queue will not try again). */
  async run(syncJobId: string, isLastAttempt: boolean, correlationId?: string): Promise<RunOutcome> {
    const claimed = await this.store.claim(syncJobId);
    if (!claimed) throw new Error(`sync job ${syncJobId} does not exist`);
    const { previousStatus, payload } = claimed;
    if (previousStatus === 'succeeded' || previousStatus === 'skipped') {
      return { kind: 'done', status: previousStatus, hrisId: claimed.hrisId };
    }

    let record: EmployeeRecord;
    try {
      record = mapFlatchrHireToEmployee(payload as Parameters<typeof mapFlatchrHireToEmployee>[0], {
        contractTypes: this.contractTypes,
      });
    } catch (err) {
      return this.fail(syncJobId, classifyFailure(err), true, correlationId);
    }

    const idempotencyKey = idempotencyKeyFor(record);
    const employee = await this.store.attachEmployee(syncJobId, record, this.hris.system, idempotencyKey);

    if (employee.hrisId) {
      // Re-hired, or dragged out of and back into the hired column: the HRIS has them already.
      await this.syncJobs.finish(syncJobId, 'skipped', {
        hrisId: employee.hrisId,
        lastError: null,
      });
      this.logger.log({
        msg: `${record.externalId} already in ${this.hris.system} as ${employee.hrisId}: skipped`,
        syncJobId,
        correlationId,
      });
      return { kind: 'done', status: 'skipped', hrisId: employee.hrisId };
    }

    const startedAt = new Date();
    try {
      const outcome = await this.hris.pushEmployee(record, { idempotencyKey, correlationId });
      await this.store.recordSuccess(syncJobId, employee.employeeId, outcome.hrisId, {
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        httpStatus: outcome.httpStatus,
        responseExcerpt: outcome.responseExcerpt,
      });
      this.logger.log({
        msg: `${record.externalId} ${outcome.kind} in ${this.hris.system} as ${outcome.hrisId}`,
        syncJobId,
        correlationId,
        httpStatus: outcome.httpStatus,
        durationMs: Date.now() - startedAt.getTime(),
      });
      return { kind: 'done', status: 'succeeded', hrisId: outcome.hrisId };
    } catch (err) {
      const failure = classifyFailure(err);
      await this.syncJobs.recordAttempt(syncJobId, {
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        httpStatus: err instanceof HrisRequestError ? err.details.httpStatus : null,
        outcome: failure.kind,
        responseExcerpt: err instanceof HrisRequestError ? (err.details.responseExcerpt ?? null) : null,
        error: failure.reason,
      });
      return this.fail(
        syncJobId,
        failure,
        failure.kind === 'permanent' || (failure.kind === 'retryable' && isLastAttempt),
        correlationId,
      );
    }
  }

  private async fail(syncJobId: string, failure: FailureClass, final: boolean, correlationId?: string): Promise<RunOutcome> {
    if (final) {
      await this.syncJobs.finish(syncJobId, 'failed', { lastError: failure.reason });
      this.logger.warn({ msg: `sync failed for good: ${failure.reason}`, syncJobId, correlationId });
    } else {
      await this.syncJobs.markRetrying(syncJobId, failure.reason);
      this.logger.log({ msg: `will retry (${failure.kind}): ${failure.reason}`, syncJobId, correlationId });
    }
    return { kind: 'failed', failure, final };
  }
}
