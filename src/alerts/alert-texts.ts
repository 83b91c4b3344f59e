import type { ConnectionFacts, HireFacts } from './alert';

/**
 * Every English sentence of the alerts and of their Settings page, as plain functions: a
 * translation supplies the same functions in another language.
 */

const who = (h: HireFacts) => h.person ?? h.email ?? 'a hire with no name';
const at = (h: HireFacts) => (h.company ? ` (${h.company})` : '');
const minutes = (since: Date, now: Date) => Math.max(0, Math.round((now.getTime() - since.getTime()) / 60_000));
const companiesOf = (c: ConnectionFacts) => (c.companies?.length ? c.companies.join(', ') : null);

export const ALERT_TEXTS = {
  hireFailedTitle: (h: HireFacts) => `Hire failed for good: ${who(h)}${at(h)}`,
  hireFailedWhat: (h: HireFacts) =>
    `${who(h)}${h.vacancy ? `, hired as ${h.vacancy},` : ''} could not be created in the HRIS after ${h.attemptCount} attempt(s)` +
    `${h.lastError ? `: ${h.lastError}` : ''}. Fix the cause, then Retry the job from the dashboard.`,

  hireWaitingTitle: (h: HireFacts) => `Hire waiting for an HRIS connection: ${who(h)}${at(h)}`,
  hireWaitingWhat: (h: HireFacts, now: Date) =>
    `${who(h)} has been waiting ${minutes(h.since, now)} minutes for a working HRIS connection` +
    `${h.company ? ` for ${h.company}` : ''}. Set up or repair the connection; the hire is sent as soon as it works.`,

  backlogTitle: (h: HireFacts) => `Hires are not reaching the HRIS: oldest is ${who(h)}${at(h)}`,
  backlogWhat: (h: HireFacts, now: Date) =>
    `The oldest hire not yet in the HRIS, ${who(h)}, arrived ${minutes(h.since, now)} minutes ago` +
    `${h.lastError ? ` (last error: ${h.lastError})` : ''}. Check the worker, the queue and the HRIS.`,

  connectionFailingTitle: (c: ConnectionFacts) => `HRIS connection refused its credentials: ${c.name}`,
  connectionFailingWhat: (c: ConnectionFacts) =>
    `${c.provider} refused the credentials of connection "${c.name}"${c.detail ? ` (${c.detail})` : ''}. ` +
    `Hires${companiesOf(c) ? ` of ${companiesOf(c)}` : ''} wait until new credentials are saved.`,

  connectionRecoveredTitle: (c: ConnectionFacts) => `HRIS connection works again: ${c.name}`,
  connectionRecoveredWhat: (c: ConnectionFacts) =>
    `${c.provider} accepts the credentials of connection "${c.name}" again; waiting hires` +
    `${companiesOf(c) ? ` of ${companiesOf(c)}` : ''} are being sent.`,

  flatchrSilentTitle: (days: number) => `No delivery from Flatchr for ${days} day(s)`,
  flatchrSilentWhat: (lastAt: Date, company: string | null) =>
    `The last webhook delivery from Flatchr arrived on ${lastAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` +
    `${company ? ` (${company})` : ''}. Check the webhook in Flatchr (URL and token) and the service's reachability.`,

  testTitle: () => 'Test alert from HireBridge',
  testWhat: (user: string) => `${user} sent this test from the Settings page. If you read it, this channel works.`,

  digestTitle: (count: number) => `${count} HireBridge alerts`,
  digestIntro: (count: number) => `${count} alerts fired within a few minutes; each is listed once here.`,

  labelPerson: () => 'Person',
  labelCompany: () => 'Company',
  labelOpen: () => 'Open in the dashboard',
};

/** The Settings page's words. */
export const SETTINGS_TEXTS = {
  pageTitle: () => 'Settings',
  alertsHeading: () => 'Alerts',
  channelsIntro: () => 'Alerts go to every configured channel. Secrets are never shown.',
  channel: () => 'Channel',
  configured: () => 'Configured',
  notConfigured: () => 'not configured',
  where: () => 'Where',
  slack: () => 'Slack (incoming webhook)',
  email: () => 'E-mail (SMTP)',
  webhook: () => 'Signed webhook (Standard Webhooks)',
  yes: () => 'yes',
  no: () => 'no',
  rulesHeading: () => 'Rules',
  waitingRule: (m: number) => `A hire waiting for its HRIS connection for more than ${m} minutes.`,
  backlogRule: (m: number) => `The oldest hire not yet in the HRIS is older than ${m} minutes.`,
  silenceRule: (d: number | null) =>
    d === null ? 'No delivery from Flatchr: off (ALERT_SILENCE_DAYS).' : `No delivery from Flatchr for ${d} day(s).`,
  fixedRules: () => 'Always: a hire failed for good; an HRIS connection refused its credentials, and when it works again.',
  publicUrl: (url: string | null) =>
    url ? `Links in alerts point to ${url}.` : 'PUBLIC_URL is not set: links in alerts are dashboard paths, not full addresses.',
  testButton: () => 'Send a test alert',
  testConfirm: () => 'Send a test alert to every configured channel?',
  noChannel: () => 'No channel is configured: set ALERT_SLACK_WEBHOOK_URL, SMTP_URL or ALERT_WEBHOOK_URL.',
  testResultsHeading: () => 'Test alert',
  ok: () => 'sent',
  failed: () => 'failed',
  recentHeading: () => 'Alerts sent lately',
  noneSent: () => 'No alert sent yet.',
  kind: () => 'Kind',
  subject: () => 'About',
  status: () => 'Status',
  sentAt: () => 'Sent',
  readOnly: () => 'Read-only account: no test alert.',
  inDigest: () => '(in a digest)',
};
