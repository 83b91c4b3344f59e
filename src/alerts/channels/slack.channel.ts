import { slackPayload, type AlertMessage } from '../alert-message';
import type { AlertChannel } from './alert-channel';
import { postJson } from './post-json';

/** A Slack incoming webhook, or anything that takes the same body (Mattermost, Rocket.Chat, Teams workflows). */
export class SlackChannel implements AlertChannel {
  readonly name = 'slack' as const;

  constructor(private readonly webhookUrl: string) {}

  send(message: AlertMessage): Promise<string> {
    return postJson(this.webhookUrl, JSON.stringify(slackPayload(message)));
  }
}
