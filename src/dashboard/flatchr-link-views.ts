import type { ConnectionFlatchrView } from '../connections/connection-view';
import type { BackfillView } from '../flatchr/catch-up/flatchr-backfill.service';
import { csrfInput, PageContext } from './dashboard-views';
import { html, SafeHtml } from './html';
import type { Locale } from './i18n/locale';

/**
 * The Flatchr link of a connection's page: health of the catch-up (last run, its error, hires no webhook
 * brought, a refused key), the write-back mode, and the backfills with their progress.
 */

/** What the section shows; `refusal` is why the last backfill request was refused, if it was. */
export interface FlatchrLinkSection {
  connectionId: string;
  flatchr: ConnectionFlatchrView;
  backfills: BackfillView[];
  refusal?: string | null;
  since?: string;
}

function writeBackLabel(L: Locale, f: ConnectionFlatchrView): string {
  const mode =
    f.writeBack === 'comment'
      ? L.t('connections.flatchrWriteBackComment')
      : f.writeBack === 'tag'
        ? L.t('connections.flatchrWriteBackTag')
        : L.t('connections.flatchrWriteBackOff');
  return f.writeBack === 'comment' && !f.writeBackUserSet ? `${mode} ${L.t('connections.flatchrWriteBackNoUser')}` : mode;
}

const BACKFILL_STATUS_KEYS: Record<string, string> = {
  pending: 'connections.backfillPending',
  running: 'connections.backfillRunning',
  succeeded: 'connections.backfillSucceeded',
  failed: 'connections.backfillFailed',
};

function backfillStatus(L: Locale, status: string): string {
  const key = BACKFILL_STATUS_KEYS[status];
  return key ? L.t(key) : status;
}

/**
 * While the worker searches, Flatchr's total is unknown: the bar is indeterminate. Once done, it shows
 * the handled hires against those found.
 */
export function backfillProgress(L: Locale, b: BackfillView): SafeHtml {
  const processed = b.created + b.duplicates + b.failed;
  const done = b.status === 'succeeded' || b.status === 'failed';
  const label = L.t('connections.backfillCounts', { found: b.found, created: b.created, duplicates: b.duplicates, failed: b.failed });
  const bar = done
    ? html`<progress value="${processed}" max="${Math.max(b.found, 1)}" aria-label="${label}">${processed}/${b.found}</progress>`
    : html`<progress aria-label="${label}"></progress>`;
  return html`${bar} <span class="small" data-counts="${b.found},${b.created},${b.duplicates},${b.failed}">${label}</span>`;
}

/** Whether a backfill may still change: the page refreshes its rows until none does. */
export function anyBackfillUnderWay(backfills: readonly BackfillView[]): boolean {
  return backfills.some((b) => b.status === 'pending' || b.status === 'running');
}

/** The connection's latest backfills: the fragment the script refreshes in place while one runs. */
export function backfillsFragment(L: Locale, connectionId: string, backfills: readonly BackfillView[]): SafeHtml {
  if (backfills.length === 0) return html`<p class="empty">${L.t('connections.backfillEmpty')}</p>`;
  return html`<table class="backfills"><thead><tr><th>${L.t('connections.backfillColRequested')}</th><th>${L.t('connections.backfillColSince')}</th><th>${L.t('connections.backfillColStatus')}</th><th>${L.t('connections.backfillColProgress')}</th></tr></thead><tbody>
${backfills.map(
  (b) =>
    html`<tr data-backfill-id="${b.id}" data-status="${b.status}"><td>${L.time(b.createdAt)} <span class="muted small">${b.requestedBy}</span></td><td><code>${b.since}</code></td><td>${backfillStatus(L, b.status)}${
      b.error ? html`<div class="detail bad">${b.error}</div>` : ''
    }</td><td>${backfillProgress(L, b)}</td></tr>`,
)}
</tbody></table>
${anyBackfillUnderWay(backfills) ? html`<p><a id="backfill-refresh" href="/dashboard/connections/${connectionId}#flatchr-link">${L.t('connections.backfillRefresh')}</a></p>` : ''}`;
}

export function flatchrLinkSection(ctx: PageContext, s: FlatchrLinkSection): SafeHtml {
  const L = ctx.locale;
  const f = s.flatchr;
  const operator = ctx.principal.role === 'operator';
  const keyRefused = f.keyRefused
    ? html`<p class="notice bad" id="flatchr-key-refused" role="alert">${L.t('connections.flatchrKeyRefused')}</p>`
    : '';
  const foundWithoutWebhook = html`<dt>${L.t('connections.flatchrFoundWithoutWebhook')}</dt><dd id="flatchr-found-without-webhook" data-count="${f.foundWithoutWebhook}">${f.foundWithoutWebhook}${
    f.foundWithoutWebhook > 0
      ? html`<div class="detail bad">${L.t('connections.flatchrFoundWithoutWebhookHint', { count: f.foundWithoutWebhook })}</div>`
      : ''
  }</dd>`;
  const form = operator
    ? html`<form method="post" action="/dashboard/connections/${s.connectionId}/backfill" class="inline" id="backfill-form">${csrfInput(ctx)}<label>${L.t('connections.backfillSince')} <input type="date" name="since" required value="${s.since ?? ''}"></label> <button type="submit" id="start-backfill">${L.t('connections.backfillStart')}</button></form>
${s.refusal ? html`<p class="notice bad" id="backfill-refused" role="alert">${L.t('connections.backfillRefused', { reason: s.refusal })}</p>` : ''}`
    : '';
  return html`<section id="flatchr-link"><h2>${L.t('connections.flatchrHeading')}</h2>
${keyRefused}
<dl class="facts flatchr-link">
<dt>${L.t('connections.flatchrCompanyKey')}</dt><dd><code>${f.companyKey}</code></dd>
<dt>${L.t('connections.flatchrLastCatchUp')}</dt><dd id="flatchr-last-catch-up">${f.lastCatchUpAt ? L.time(f.lastCatchUpAt) : html`<span class="muted">${L.t('connections.flatchrNever')}</span>`}</dd>
${f.lastCatchUpError ? html`<dt>${L.t('connections.flatchrLastError')}</dt><dd id="flatchr-last-error" class="error">${f.lastCatchUpError}</dd>` : ''}
${foundWithoutWebhook}
<dt>${L.t('connections.flatchrWriteBack')}</dt><dd id="flatchr-write-back" data-mode="${f.writeBack}">${writeBackLabel(L, f)}</dd>
</dl>
<h3>${L.t('connections.backfillHeading')}</h3>
<p class="muted small">${L.t('connections.backfillIntro')}</p>
${form}
<div id="backfills"${
    anyBackfillUnderWay(s.backfills)
      ? html` data-refresh="/dashboard/connections/${s.connectionId}/backfills" data-interval="3000" aria-live="polite"`
      : ''
  }>${backfillsFragment(L, s.connectionId, s.backfills)}</div>
</section>`;
}
