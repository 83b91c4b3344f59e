import type { DigestPolicy } from './alerts-sent.repository';

/**
 * The alert sender's pacing, in one place. Not configuration: operators tune the rules'
 * thresholds (ALERT_WAITING_MINUTES, ...), not how the sender batches.
 */
export const ALERT_POLICY = {
  digest: {
    /** "More than a few within minutes": past 5 alerts in 5 minutes, one digest per 5 minutes. */
    threshold: 5,
    windowSeconds: 5 * 60,
    claimExpirySeconds: 5 * 60,
  } satisfies DigestPolicy,
  /** An alert waits this long before it is sent, so a burst is seen whole (and becomes a digest). */
  flushDelayMs: 2_000,
  /** Retries of unsent alerts and digests held back are picked up this often. */
  flushIntervalMs: 30_000,
  /** The rules (waiting hires, backlog, silence, missed failures) are checked this often. */
  checkIntervalMs: 60_000,
  /** An alert no channel took is tried again after 1, 2, 3, 4 minutes, then given up. */
  retryAfterSeconds: 60,
  maxSendAttempts: 5,
  /** Failed jobs this recent without an alert get one (a worker that died before raising it). */
  failedCatchUpMinutes: 24 * 60,
  /** Most alerts one rule raises per pass (the digest gathers them). */
  perRuleLimit: 200,
} as const;
