import { html } from '../dashboard/html';
import type { Alert } from './alert';
import { ALERT_TEXTS as T } from './alert-texts';

/** What one send carries: one alert, or a digest listing several that fired close together. */
export type AlertMessage = { kind: 'single'; alert: Alert } | { kind: 'digest'; alerts: Alert[] };

export const alertsOf = (m: AlertMessage): Alert[] => (m.kind === 'single' ? [m.alert] : m.alerts);

export function titleOf(m: AlertMessage): string {
  return m.kind === 'single' ? m.alert.title : T.digestTitle(m.alerts.length);
}

function alertLines(a: Alert): string[] {
  return [
    ...(a.person ? [`${T.labelPerson()}: ${a.person}`] : []),
    ...(a.company ? [`${T.labelCompany()}: ${a.company}`] : []),
    a.what,
    `${T.labelOpen()}: ${a.link}`,
  ];
}

/** Plain text, for e-mail and as Slack's notification fallback. */
export function plainText(m: AlertMessage): string {
  if (m.kind === 'single') return [m.alert.title, '', ...alertLines(m.alert)].join('\n');
  return [T.digestIntro(m.alerts.length), ...m.alerts.flatMap((a) => ['', `• ${a.title}`, ...alertLines(a).map((l) => `  ${l}`)])].join(
    '\n',
  );
}

export function emailHtml(m: AlertMessage): string {
  const one = (a: Alert) => html`<h2 style="font-size:16px">${a.title}</h2>
<p>${a.person ? html`<strong>${T.labelPerson()}:</strong> ${a.person}<br>` : ''}${a.company ? html`<strong>${T.labelCompany()}:</strong> ${a.company}<br>` : ''}${a.what}</p>
<p><a href="${a.link}">${T.labelOpen()}</a></p>`;
  const body = m.kind === 'single' ? one(m.alert) : html`<p>${T.digestIntro(m.alerts.length)}</p>${m.alerts.map(one)}`;
  return html`<!doctype html><html><body style="font-family:sans-serif">${body}</body></html>`.value;
}

/** Slack's mrkdwn treats these three as control characters: https://api.slack.com/reference/surfaces/formatting#escaping */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Slack rejects a section text over 3,000 characters. */
const SLACK_TEXT_MAX = 3000;
/** Slack keeps at most 50 blocks per message. */
const SLACK_MAX_BLOCKS = 50;

function slackSection(a: Alert): Record<string, unknown> {
  const fields = [
    `*${slackEscape(a.title)}*`,
    ...(a.person ? [`${T.labelPerson()}: ${slackEscape(a.person)}`] : []),
    ...(a.company ? [`${T.labelCompany()}: ${slackEscape(a.company)}`] : []),
    slackEscape(a.what),
    /^https?:\/\//.test(a.link) ? `<${a.link}|${T.labelOpen()}>` : `${T.labelOpen()}: ${slackEscape(a.link)}`,
  ];
  return { type: 'section', text: { type: 'mrkdwn', text: fields.join('\n').slice(0, SLACK_TEXT_MAX) } };
}

/** An incoming-webhook body: `text` (the notification) and `blocks` (the formatted message). */
export function slackPayload(m: AlertMessage): { text: string; blocks: Array<Record<string, unknown>> } {
  if (m.kind === 'single') return { text: slackEscape(m.alert.title), blocks: [slackSection(m.alert)] };
  const intro = { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(T.digestIntro(m.alerts.length))}*` } };
  const sections = m.alerts.map(slackSection);
  // One block for the intro and, when there are too many, one for the count left out.
  const shown = sections.length > SLACK_MAX_BLOCKS - 1 ? sections.slice(0, SLACK_MAX_BLOCKS - 2) : sections;
  const rest = sections.length - shown.length;
  const more = rest > 0 ? [{ type: 'section', text: { type: 'mrkdwn', text: `… +${rest}` } }] : [];
  return { text: slackEscape(T.digestTitle(m.alerts.length)), blocks: [intro, ...shown, ...more] };
}

/** The fields a receiver gets for each alert. */
function alertData(a: Alert) {
  return {
    kind: a.kind,
    /** With kind, what the receiver can de-duplicate on. */
    subject: a.subject,
    title: a.title,
    person: a.person,
    company: a.company,
    what: a.what,
    link: a.link,
    syncJobId: a.syncJobId,
    at: a.at,
  };
}

/** The signed webhook's body, in the Standard Webhooks shape {type, timestamp, data}. */
export function webhookPayload(m: AlertMessage, now: Date): Record<string, unknown> {
  if (m.kind === 'single') return { type: `alert.${m.alert.kind}`, timestamp: now.toISOString(), data: alertData(m.alert) };
  return { type: 'alert.digest', timestamp: now.toISOString(), data: { count: m.alerts.length, alerts: m.alerts.map(alertData) } };
}
