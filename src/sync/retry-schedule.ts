/**
 * When a retrying job runs next and when the queue gives up on it, from what BullMQ holds for it:
 * the attempts made and allowed, the base back-off (see pushBackoff: doubled per attempt, jitter
 * only shortens it) and the delay it is parked for now.
 */
export interface RetrySchedule {
  /** The attempt that runs next, 1-based. */
  nextAttempt: number;
  maxAttempts: number;
  nextAt: Date;
  /** Latest time the last attempt ends, if every remaining one fails after the full HRIS time-out; null when none remains. */
  givesUpBy: Date;
}

export interface QueuedRun {
  attemptsMade: number;
  maxAttempts: number;
  /** BullMQ's base back-off delay (ms). */
  backoffMs: number;
  /** The delay the job is parked for, counted from when its last attempt ended. */
  delayMs: number;
  lastAttemptEndedAt: Date;
  /** Longest a call to the HRIS may take (its time-out). */
  callTimeoutMs: number;
}

/** BullMQ's exponential back-off after the `attemptsMade`-th failure, before jitter: base · 2^(made − 1). */
export function backoffAfter(attemptsMade: number, backoffMs: number): number {
  return backoffMs * 2 ** Math.max(0, attemptsMade - 1);
}

export function retrySchedule(run: QueuedRun): RetrySchedule {
  const nextAttempt = run.attemptsMade + 1;
  const nextAt = new Date(run.lastAttemptEndedAt.getTime() + run.delayMs);
  let end = nextAt.getTime() + run.callTimeoutMs;
  for (let made = nextAttempt; made < run.maxAttempts; made++) end += backoffAfter(made, run.backoffMs) + run.callTimeoutMs;
  return { nextAttempt, maxAttempts: run.maxAttempts, nextAt, givesUpBy: new Date(end) };
}
