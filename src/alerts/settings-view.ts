import { CSRF_FIELD } from '../dashboard/csrf';
import { layout, PageContext } from '../dashboard/dashboard-views';
import { html } from '../dashboard/html';
import type { AlertsConfig } from '../config/app-config.service';
import { SETTINGS_TEXTS as T } from './alert-texts';
import type { SentAlertRow } from './alerts-sent.repository';
import type { ChannelResult } from './channels/alert-channel';
import type { ChannelSummary } from './channels/alert-channels';

export interface SettingsView {
  channels: ChannelSummary[];
  rules: Pick<AlertsConfig, 'waitingMinutes' | 'backlogMinutes' | 'silenceDays'>;
  publicUrl: string | null;
  recent: SentAlertRow[];
  /** Set after "send a test alert". */
  testResults?: ChannelResult[] | null;
}

const CHANNEL_LABELS = { slack: T.slack, email: T.email, webhook: T.webhook };

/** The Settings page: alert channels (where, never a secret), rules, the test button and the latest alerts. */
export function settingsPage(ctx: PageContext, v: SettingsView): string {
  const anyChannel = v.channels.some((c) => c.configured);
  const test =
    ctx.principal.role !== 'operator'
      ? html`<p class="muted">${T.readOnly()}</p>`
      : anyChannel
        ? html`<form method="post" action="/dashboard/settings/test-alert" class="inline" data-confirm="${T.testConfirm()}">
  <input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}"><button type="submit" id="test-alert">${T.testButton()}</button>
</form>`
        : html`<p class="muted">${T.noChannel()}</p>`;
  const results = v.testResults
    ? html`<section id="test-results" aria-live="polite"><h2>${T.testResultsHeading()}</h2><ul>
${v.testResults.map(
  (r) =>
    html`<li data-channel="${r.channel}" data-ok="${r.ok ? '1' : '0'}"><strong>${CHANNEL_LABELS[r.channel]()}</strong>: <span class="${r.ok ? 'ok' : 'bad'}">${r.ok ? T.ok() : T.failed()}</span> — ${r.detail}</li>`,
)}
</ul></section>`
    : '';
  return layout(
    T.pageTitle(),
    ctx,
    'settings',
    html`<h1>${T.pageTitle()}</h1>
<h2>${T.alertsHeading()}</h2>
<p>${T.channelsIntro()}</p>
${results}
<table class="channels"><thead><tr><th>${T.channel()}</th><th>${T.configured()}</th><th>${T.where()}</th></tr></thead><tbody>
${v.channels.map(
  (c) =>
    html`<tr data-channel="${c.name}" data-configured="${c.configured ? '1' : '0'}"><td>${CHANNEL_LABELS[c.name]()}</td><td>${c.configured ? T.yes() : T.no()}</td><td>${c.where ?? html`<span class="muted">${T.notConfigured()}</span>`}</td></tr>`,
)}
</tbody></table>
<div class="toolbar">${test}</div>
<h2>${T.rulesHeading()}</h2>
<ul class="rules">
  <li>${T.fixedRules()}</li>
  <li>${T.waitingRule(v.rules.waitingMinutes)}</li>
  <li>${T.backlogRule(v.rules.backlogMinutes)}</li>
  <li>${T.silenceRule(v.rules.silenceDays)}</li>
</ul>
<p class="muted">${T.publicUrl(v.publicUrl)}</p>
<h2>${T.recentHeading()}</h2>
${
  v.recent.length === 0
    ? html`<p class="empty">${T.noneSent()}</p>`
    : html`<table class="alerts"><thead><tr><th>${T.kind()}</th><th>${T.subject()}</th><th>${T.status()}</th><th>${T.sentAt()}</th></tr></thead><tbody>
${v.recent.map(
  (a) =>
    html`<tr><td>${a.kind}${a.sentAs === 'digest' ? ` ${T.inDigest()}` : ''}</td><td>${/^[0-9a-f-]{36}$/.test(a.subject) ? html`<a href="/dashboard/jobs/${a.subject}">${a.subject}</a>` : a.subject}</td><td>${a.status}</td><td>${ctx.locale.time(a.sentAt ?? a.createdAt)}</td></tr>`,
)}
</tbody></table>`
}`,
  );
}
