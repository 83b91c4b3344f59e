import type { AlertMessage } from '../alert-message';

export type ChannelName = 'slack' | 'email' | 'webhook';

/** One place alerts go. `send` resolves with a short detail on success and throws on failure. */
export interface AlertChannel {
  readonly name: ChannelName;
  send(message: AlertMessage): Promise<string>;
  close?(): Promise<void>;
}

/** What the operator is told per channel (test endpoint, Settings page, alerts_sent). */
export interface ChannelResult {
  channel: ChannelName;
  ok: boolean;
  detail: string;
}

/** A receiver that hangs must not hold a worker's alert pass for long. */
export const CHANNEL_TIMEOUT_MS = 10_000;
