import type { AlertsConfig } from '../../config/app-config.service';
import type { AlertChannel, ChannelName } from './alert-channel';
import { EmailChannel } from './email.channel';
import { SignedWebhookChannel } from './signed-webhook.channel';
import { SlackChannel } from './slack.channel';

/** The configured channels, in a fixed order. */
export function buildChannels(config: AlertsConfig): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (config.slackWebhookUrl) channels.push(new SlackChannel(config.slackWebhookUrl));
  if (config.email) channels.push(new EmailChannel(config.email.smtpUrl, config.email.from, config.email.to));
  if (config.webhook) channels.push(new SignedWebhookChannel(config.webhook.url, config.webhook.secret));
  return channels;
}

/** Every secret the channels hold (URLs with their credentials, passwords, signing key), to scrub from any text shown or logged. */
export function channelSecrets(config: AlertsConfig): string[] {
  const secrets: string[] = [];
  if (config.slackWebhookUrl) secrets.push(config.slackWebhookUrl, new URL(config.slackWebhookUrl).pathname);
  if (config.email) {
    const url = new URL(config.email.smtpUrl);
    secrets.push(config.email.smtpUrl);
    if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
  }
  if (config.webhook) {
    secrets.push(config.webhook.secret, config.webhook.secret.replace(/^whsec_/, ''));
    const url = new URL(config.webhook.url);
    if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
    if (url.search) secrets.push(url.search.slice(1));
  }
  // Longest first, so that a secret containing another is hidden whole.
  return [...new Set(secrets.filter((s) => s.length >= 4 && s !== '/'))].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced. */
export function scrubSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[REDACTED]');
  return out;
}

/** What the Settings page may show of each channel: where, never a secret. */
export interface ChannelSummary {
  name: ChannelName;
  configured: boolean;
  where: string | null;
}

export function describeChannels(config: AlertsConfig): ChannelSummary[] {
  const origin = (u: string) => new URL(u).origin;
  const smtp = config.email ? new URL(config.email.smtpUrl) : null;
  return [
    // The Slack URL's path is the secret: only the host is shown.
    {
      name: 'slack',
      configured: Boolean(config.slackWebhookUrl),
      where: config.slackWebhookUrl ? `${origin(config.slackWebhookUrl)}/…` : null,
    },
    {
      name: 'email',
      configured: Boolean(config.email),
      where:
        config.email && smtp
          ? `${smtp.protocol}//${smtp.username ? `${decodeURIComponent(smtp.username)}:•••@` : ''}${smtp.host} → ${config.email.to.join(', ')} (from ${config.email.from})`
          : null,
    },
    {
      name: 'webhook',
      configured: Boolean(config.webhook),
      // A receiver's path may hold a token of its own: only the origin is shown.
      where: config.webhook ? `${origin(config.webhook.url)}/… (secret whsec_•••)` : null,
    },
  ];
}
