import { randomUUID } from 'node:crypto';
import { signStandardWebhook } from '../../webhooks/standard-webhooks-signature';
import { webhookPayload, type AlertMessage } from '../alert-message';
import type { AlertChannel } from './alert-channel';
import { postJson } from './post-json';

/**
 * Any HTTP receiver, with the Standard Webhooks headers (webhook-id, webhook-timestamp,
 * webhook-signature v1 HMAC-SHA256) so it can check the alert came from this service.
 */
export class SignedWebhookChannel implements AlertChannel {
  readonly name = 'webhook' as const;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  send(message: AlertMessage): Promise<string> {
    const now = this.now();
    const id = `msg_${randomUUID()}`;
    const timestamp = Math.floor(now.getTime() / 1000);
    const body = JSON.stringify(webhookPayload(message, now));
    return postJson(this.url, body, {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(this.secret, id, timestamp, body),
    });
  }
}
