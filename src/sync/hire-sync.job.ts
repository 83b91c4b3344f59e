import { HIRE_SYNC_JOBS } from './queue.constants';

/** Payload of a push-employee job: only ids; the row in Postgres is the source of truth. */
export interface PushEmployeeJobData {
  syncJobId: string;
  deliveryId: string;
  /** The webhook request's id, logged by the worker and sent to the HRIS; jobs re-added later use the delivery id. */
  correlationId?: string;
}

export type HireSyncJob = { name: typeof HIRE_SYNC_JOBS.PUSH_EMPLOYEE; data: PushEmployeeJobData };

/**
 * SQL for the current `run` of the sync job whose id is `jobIdSql`: one per operator retry or
 * replay recorded on its timeline. The dashboard and the reconciler must agree on it, or a
 * re-added job would get another run's id.
 */
export function currentRunSql(jobIdSql: string): string {
  return `(SELECT count(*)::int FROM sync_job_events e WHERE e.sync_job_id = ${jobIdSql} AND e.type IN ('retry', 'replay'))`;
}

/**
 * BullMQ job id for a sync job run. Deterministic, so a re-enqueue of the same run is a no-op;
 * `run` grows when an operator asks for a new run of a finished job. BullMQ rejects ids that are
 * all digits or contain ':', which a 'sync-' prefix and a uuid never are.
 */
export function pushEmployeeJobId(syncJobId: string, run = 0): string {
  return run === 0 ? `sync-${syncJobId}` : `sync-${syncJobId}-run${run}`;
}

/** The run a BullMQ job id of `pushEmployeeJobId` stands for (0 for an id of another shape). */
export function runOfPushEmployeeJobId(jobId: string | undefined): number {
  const m = /-run(\d+)$/.exec(jobId ?? '');
  return m ? Number(m[1]) : 0;
}
