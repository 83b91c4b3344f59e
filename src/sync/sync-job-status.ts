/**
 * A sync job's status. The worker writes a row once per run, after the HRIS answered, so no row
 * is ever 'running': what runs now is the queue's active jobs (the overview's "in flight" card).
 * 'waiting_connection': no connection serves the hire's company yet; released when one does.
 */
export const SYNC_JOB_STATUSES = ['queued', 'retrying', 'waiting_connection', 'succeeded', 'failed', 'skipped'] as const;
export type SyncJobStatus = (typeof SYNC_JOB_STATUSES)[number];

/** A job in one of these is done: the worker leaves it alone, retention may purge it, an operator may replay it. */
export const FINISHED_STATUSES = ['succeeded', 'failed', 'skipped'] as const satisfies readonly SyncJobStatus[];
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];

/** `IN (...)` list of the finished statuses, for SQL text (constants only, never user input). */
export const FINISHED_STATUSES_SQL = FINISHED_STATUSES.map((s) => `'${s}'`).join(', ');

export function isFinished(status: string): status is FinishedStatus {
  return (FINISHED_STATUSES as readonly string[]).includes(status);
}

/** sync_jobs.hris_system before the first run picks the company's connection. */
export const UNASSIGNED_HRIS = 'pending';
