import type { HrisFieldError } from '../hris/hris-failure';
import { hrisDefinition } from '../hris/hris-registry';
import type { HrisProvider } from '../hris/hris-provider';
import type { RetrySchedule } from '../sync/retry-schedule';
import { SYNC_JOB_STATUSES, isFinished } from '../sync/sync-job-status';
import { DELIVERY_STATUSES } from '../webhooks/delivery.entity';
import type { DashboardPrincipal } from './basic-auth.guard';
import { DASHBOARD_CSS_ETAG, DASHBOARD_JS_ETAG } from './dashboard-assets';
import { CSRF_FIELD } from './csrf';
import type { CompanyColumnsView, DeliveryRow } from './deliveries-query.service';
import type { ListDeliveriesQuery } from './dto/list-deliveries.query';
import type { ListSyncJobsQuery } from './dto/list-sync-jobs.query';
import { html, prettyJson, queryString, SafeHtml } from './html';
import { hasKey, LANGUAGES } from './i18n/i18n';
import { languageSwitchUrl } from './i18n/language';
import type { Locale } from './i18n/locale';
import { displayName, namesDiffer, PersonName } from './name-match';
import type { Overview } from './overview.service';
import type { SyncJobEventRow, SyncJobRow } from './sync-jobs-query.service';

/**
 * Rendering of the dashboard pages. Pure functions of their data and the operator's Locale (texts
 * from i18n/<lang>.ts, times in DISPLAY_TIMEZONE); every value goes through `html`.
 */

/** Changes with the script and stylesheet, so browsers never keep an old copy past a deploy. */
export const ASSET_VERSION = (DASHBOARD_JS_ETAG + DASHBOARD_CSS_ETAG).replace(/[^A-Za-z0-9]/g, '').slice(0, 12);

export interface PageContext {
  principal: DashboardPrincipal;
  csrfToken: string;
  notice?: string | null;
  locale: Locale;
  /** The page's own address (path and query), for the language switch. */
  url: string;
}

/** Own keys only: `?notice=constructor` must not find Object's; the page never echoes text from the URL. */
function noticeText(L: Locale, notice: string | null | undefined): string | null {
  return notice && hasKey('notices', notice) ? L.t(`notices.${notice}`) : null;
}

function fmtMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** A status (job, delivery or attempt outcome) as a coloured, translated badge; the raw value stays in data-status. */
export function badge(L: Locale, status: string | null | undefined): SafeHtml {
  if (!status) return html`<span class="muted">—</span>`;
  const label = hasKey('status', status) ? L.t(`status.${status}`) : status;
  return html`<span class="status status-${status.replace(/[^a-z_]/g, '')}" data-status="${status}">${label}</span>`;
}

/** A job's badge: a success the HRIS took by linking to someone it had is not a plain "succeeded". */
function jobBadge(L: Locale, job: { status: string; outcome?: string | null }): SafeHtml {
  return job.status === 'succeeded' && job.outcome === 'linked' ? badge(L, 'linked') : badge(L, job.status);
}

export function text(value: string | null | undefined, fallback = '—'): SafeHtml {
  return value === null || value === undefined || value === '' ? html`<span class="muted">${fallback}</span>` : html`${value}`;
}

export function csrfInput(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}">`;
}

function languageSwitch(ctx: PageContext): SafeHtml {
  const L = ctx.locale;
  const names: Record<string, string> = { en: 'English', fr: 'Français' };
  return html`<nav class="langs" aria-label="${L.t('layout.language')}">${LANGUAGES.map(
    (lang) =>
      html`<a href="${languageSwitchUrl(ctx.url, lang)}" hreflang="${lang}" lang="${lang}" data-lang="${lang}"${lang === L.lang ? html` aria-current="true"` : ''}>${names[lang]}</a> `,
  )}</nav>`;
}

export function layout(
  title: string,
  ctx: PageContext,
  active: 'jobs' | 'deliveries' | 'connections' | 'settings',
  body: SafeHtml,
): string {
  const L = ctx.locale;
  const nav = (href: string, label: string, key: string) =>
    html`<a href="${href}"${key === active ? html` aria-current="page"` : ''}>${label}</a>`;
  const notice = noticeText(L, ctx.notice);
  return html`<!doctype html>
<html lang="${L.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrfToken}">
<title>${title} · ${L.t('layout.titleSuffix')}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css?v=${ASSET_VERSION}">
<script src="/dashboard/assets/dashboard.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
<header class="top">
  <strong class="brand">${L.t('layout.brand')}</strong>
  <nav>${nav('/dashboard', L.t('layout.navJobs'), 'jobs')} ${nav('/dashboard/deliveries', L.t('layout.navDeliveries'), 'deliveries')}
    ${nav('/dashboard/connections', L.t('layout.navConnections'), 'connections')} ${nav('/dashboard/settings', L.t('layout.navSettings'), 'settings')}
    <a href="/queues">${L.t('layout.navQueue')}</a> <a href="/docs">${L.t('layout.navApi')}</a></nav>
  ${languageSwitch(ctx)}
  <span class="who">${ctx.principal.user}${ctx.principal.role === 'readonly' ? ` ${L.t('layout.readOnly')}` : ''}</span>
</header>
<main>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${body}
</main>
</body>
</html>`.value;
}

export function overviewFragment(L: Locale, o: Overview): SafeHtml {
  const rate = o.failureRate7d === null ? '—' : `${(o.failureRate7d * 100).toFixed(1)} %`;
  const q = o.queue;
  return html`<div class="cards">
  ${SYNC_JOB_STATUSES.map(
    (s) =>
      html`<a class="card" href="/dashboard${queryString({ status: s })}"><span class="label">${badge(L, s)}</span><span class="value" data-count="${s}">${o.counts[s]}</span></a>`,
  )}
  <div class="card"><span class="label">${L.t('overview.inFlight')}</span><span class="value" data-count="in-flight">${q.counts.active ?? 0}</span><span class="hint">${L.t('overview.inFlightHint')}</span></div>
</div>
<div class="cards">
  <div class="card"><span class="label">${L.t('overview.synced24h')}</span><span class="value">${o.synced24h}</span></div>
  <div class="card"><span class="label">${L.t('overview.synced7d')}</span><span class="value">${o.synced7d}</span></div>
  <div class="card"><span class="label">${L.t('overview.failureRate')}</span><span class="value">${rate}</span><span class="hint">${L.t('overview.finishedOf', { count: o.finished7d })}</span></div>
  <div class="card"><span class="label">${L.t('overview.latencyMedian')}</span><span class="value">${fmtMs(o.latencyMs.median)}</span></div>
  <div class="card"><span class="label">${L.t('overview.latencyP95')}</span><span class="value">${fmtMs(o.latencyMs.p95)}</span></div>
  <div class="card"><span class="label">${L.t('overview.queueDepth')}</span><span class="value">${q.depth ?? '—'}</span>
    <span class="hint">${q.available ? L.t('overview.queueDetail', { active: q.counts.active ?? 0, delayed: q.counts.delayed ?? 0 }) : L.t('overview.queueDown', { error: q.error ?? '' })}</span></div>
  <div class="card"><span class="label">${L.t('overview.workers')}</span><span class="value ${q.workers ? 'ok' : 'bad'}" data-workers="${q.workers ?? ''}">${q.workers ?? '—'}</span>
    <span class="hint">${q.workers ? L.t('overview.workersConnected') : L.t('overview.workersNone')}</span></div>
</div>
<p class="muted small">${L.tHtml('layout.updated', { time: L.time(o.at) })}</p>`;
}

function filterForm(L: Locale, query: ListSyncJobsQuery): SafeHtml {
  return html`<form class="filters" method="get" action="/dashboard" role="search">
  <label>${L.t('layout.status')} <select name="status" id="filter-status">
    <option value="">${L.t('layout.any')}</option>
    ${SYNC_JOB_STATUSES.map((s) => html`<option value="${s}"${query.status === s ? html` selected` : ''}>${L.t(`status.${s}`)}</option>`)}
  </select></label>
  <label>${L.t('jobs.receivedFrom')} <input type="date" name="from" value="${query.from ?? ''}"></label>
  <label>${L.t('jobs.to')} <input type="date" name="to" value="${query.to ?? ''}"></label>
  <label class="grow">${L.t('jobs.search')} <input type="search" name="q" id="filter-q" value="${query.q ?? ''}" placeholder="${L.t('jobs.searchPlaceholder')}"></label>
  <button type="submit">${L.t('layout.filter')}</button> <a href="/dashboard">${L.t('layout.reset')}</a>
</form>`;
}

/** The jobs list's name as a PersonName, for comparison with the HRIS's. */
const asName = (full: string | null): PersonName | null => (full ? { firstName: full, lastName: null } : null);

export function jobsTable(L: Locale, items: SyncJobRow[]): SafeHtml {
  if (items.length === 0) return html`<p class="empty">${L.t('jobs.empty')}</p>`;
  return html`<table class="jobs">
<thead><tr><th>${L.t('jobs.colCandidate')}</th><th>${L.t('jobs.colEmail')}</th><th>${L.t('jobs.colVacancy')}</th><th>${L.t('jobs.colCompany')}</th><th>${L.t('jobs.colStatus')}</th><th>${L.t('jobs.colAttempts')}</th><th>${L.t('jobs.colHrisId')}</th><th>${L.t('jobs.colLastError')}</th><th>${L.t('jobs.colReceived')}</th><th>${L.t('jobs.colFinished')}</th></tr></thead>
<tbody>
${items.map(
  (j) => html`<tr data-job-id="${j.id}">
  <td data-label="${L.t('jobs.colCandidate')}"><a class="job-link" href="/dashboard/jobs/${j.id}">${text(j.candidateName, L.t('jobs.noName'))}</a></td>
  <td data-label="${L.t('jobs.colEmail')}">${text(j.email)}</td><td data-label="${L.t('jobs.colVacancy')}">${text(j.vacancy)}</td><td data-label="${L.t('jobs.colCompany')}">${text(j.company)}</td>
  <td data-label="${L.t('jobs.colStatus')}">${jobBadge(L, j)}${j.outcome === 'linked' && namesDiffer(asName(j.candidateName), j.foundName) ? html` <span class="warn names-differ">⚠ ${L.t('jobs.namesDiffer')}</span>` : ''}</td>
  <td class="num" data-label="${L.t('jobs.colAttempts')}">${j.attemptCount}</td><td data-label="${L.t('jobs.colHrisId')}">${text(j.hrisId)}</td>
  <td class="error" data-label="${L.t('jobs.colLastError')}">${text(j.lastError, '')}</td><td data-label="${L.t('jobs.colReceived')}">${L.time(j.receivedAt)}</td><td data-label="${L.t('jobs.colFinished')}">${L.time(j.finishedAt)}</td>
</tr>`,
)}
</tbody></table>`;
}

function pager(
  L: Locale,
  base: string,
  params: Record<string, string | undefined>,
  page: number,
  pageSize: number,
  total: number,
): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number, label: string, rel: string) =>
    html`<a rel="${rel}" href="${base}${queryString({ ...params, page: p > 1 ? p : undefined })}">${label}</a>`;
  return html`<nav class="pager" aria-label="${L.t('layout.pages')}">
  ${page > 1 ? link(1, L.t('layout.newest'), 'first') : ''} ${page > 1 ? link(page - 1, L.t('layout.newer'), 'prev') : ''}
  <span>${L.t('layout.pageOf', { page, pages, total })}</span>
  ${page < pages ? link(page + 1, L.t('layout.older'), 'next') : ''}
</nav>`;
}

export function jobsPage(
  ctx: PageContext,
  query: ListSyncJobsQuery,
  list: { items: SyncJobRow[]; total: number },
  overview: Overview,
): string {
  const L = ctx.locale;
  const filters = { status: query.status, q: query.q, from: query.from, to: query.to };
  const failedInFilter = !query.status || query.status === 'failed';
  const bulk =
    ctx.principal.role === 'operator' && failedInFilter
      ? html`<form method="post" action="/dashboard/jobs/retry" class="inline" data-confirm="${L.t('jobs.bulkConfirm')}">
  ${csrfInput(ctx)}
  ${Object.entries(filters).map(([k, v]) => (v ? html`<input type="hidden" name="${k}" value="${v}">` : ''))}
  <button type="submit" id="bulk-retry">${L.t('jobs.bulkRetry')}</button>
</form>`
      : '';
  return layout(
    L.t('jobs.title'),
    ctx,
    'jobs',
    html`<section id="overview" data-refresh="/dashboard/fragments/overview" data-interval="5000" aria-live="polite">${overviewFragment(L, overview)}</section>
<h1>${L.t('jobs.title')}</h1>
${filterForm(L, query)}
<div class="toolbar">${bulk}</div>
<div id="jobs" data-refresh="/dashboard/fragments/jobs${queryString({ ...filters, page: query.page > 1 ? query.page : undefined })}" data-interval="10000">${jobsTable(L, list.items)}</div>
${pager(L, '/dashboard', filters, query.page, query.pageSize, list.total)}`,
  );
}

/** What the live part of a job page shows. */
export interface LiveJob {
  status: string;
  hrisId: string | null;
  attemptCount: number;
  lastError: string | null;
  finishedAt: Date | null;
  startedAt: Date | null;
  outcome?: string | null;
  foundName?: PersonName | null;
  mappedRecord?: { firstName?: string | null; lastName?: string | null } | null;
  /** The connection the job ran with (fixed when it starts running); null before its first run. */
  connection?: LiveConnection | null;
  notices?: string[] | null;
  startDateToConfirm?: boolean;
  /** Creation steps the connector recorded for this connection, with when. */
  pushSteps?: Record<string, { at: string }> | null;
}

/** `name` is null when the connection was deleted since; `id` is `default` for the SIRH of the environment. */
export interface LiveConnection {
  id: string;
  name: string | null;
  provider: string | null;
}

function connectionFact(L: Locale, c: LiveConnection | null | undefined): SafeHtml {
  if (!c) return html`<span class="muted">—</span>`;
  const provider = c.provider ? html` <span class="muted">(${hrisDefinition(c.provider as HrisProvider)?.label ?? c.provider})</span>` : '';
  if (c.id === 'default') return html`${L.t('connections.defaultConnection')}${provider}`;
  if (c.name === null) return html`${L.t('connections.deletedConnection', { id: c.id })}${provider}`;
  return html`<a href="/dashboard/connections/${c.id}">${c.name}</a>${provider}`;
}

/** Notices, the start date to confirm and the creation steps done: shown only when there are some. */
function pushFacts(L: Locale, job: LiveJob): SafeHtml {
  const steps = Object.entries(job.pushSteps ?? {}).sort(([, a], [, b]) => a.at.localeCompare(b.at));
  return html`${job.startDateToConfirm ? html`<dt>${L.t('job.startDate')}</dt><dd id="start-date-to-confirm" class="warn">⚠ ${L.t('job.startDateToConfirm')}</dd>` : ''}
${
  job.notices?.length
    ? html`<dt>${L.t('job.notices')}</dt><dd><ul class="notices" id="job-notices">${job.notices.map((n) => html`<li>${n}</li>`)}</ul></dd>`
    : ''
}
${
  steps.length
    ? html`<dt>${L.t('job.stepsDone')}</dt><dd><ul class="steps" id="push-steps">${steps.map(([step, s]) => html`<li data-step="${step}"><code>${step}</code> ${L.time(s.at)}</li>`)}</ul></dd>`
    : ''
}`;
}

export interface LiveAttempt {
  attemptNo: number;
  startedAt: Date;
  httpStatus: number | null;
  durationMs: number;
  outcome: string;
  responseExcerpt: string | null;
  error: string | null;
  fieldErrors?: HrisFieldError[] | null;
}

export interface TimelineItem {
  at: Date;
  label: string;
  actor: string | null;
  detail: string | null;
  error?: boolean;
}

/** The retry policy as it applies to this job: the queue's schedule when it is retrying, the attempts allowed. */
export interface RetryContext {
  schedule: RetrySchedule | null;
  maxAttempts: number;
}

function fieldErrorList(L: Locale, errors: HrisFieldError[]): SafeHtml {
  return html`<p>${L.t('job.fieldErrorsIntro', { count: errors.length })}</p>
<ul class="field-errors">${errors.map(
    (e) => html`<li>${L.tHtml('job.fieldError', { field: html`<code>${e.field}</code>`, message: e.message })}</li>`,
  )}</ul>`;
}

/** The failure in words: what the HRIS refused, when the queue tries again, or why it stopped. */
function explanation(L: Locale, job: LiveJob, attempts: LiveAttempt[], retry: RetryContext): SafeHtml {
  const last = attempts[attempts.length - 1];
  const fieldErrors = last?.fieldErrors ?? [];
  if (job.status === 'retrying') {
    const s = retry.schedule;
    const line = s
      ? L.tHtml('job.retryingSchedule', {
          made: s.nextAttempt - 1,
          max: s.maxAttempts,
          next: s.nextAttempt,
          nextAt: L.clock(s.nextAt),
          givesUp: L.clock(s.givesUpBy),
        })
      : L.tHtml('job.retryingNoSchedule', { made: job.attemptCount, max: retry.maxAttempts });
    return html`<section class="explain" id="explain"><h2>${L.t('job.whatHappened')}</h2><p id="retry-schedule">${line}</p>
${fieldErrors.length ? fieldErrorList(L, fieldErrors) : ''}</section>`;
  }
  if (job.status === 'failed') {
    const gaveUp = last && last.outcome !== 'permanent';
    return html`<section class="explain bad" id="explain"><h2>${L.t('job.whatHappened')}</h2>
${fieldErrors.length ? fieldErrorList(L, fieldErrors) : ''}
<p>${gaveUp ? L.t('job.failedGaveUp', { count: job.attemptCount }) : L.t('job.failedPermanent')}</p></section>`;
  }
  if (job.status === 'succeeded' && job.outcome === 'linked') {
    const sent: PersonName | null = job.mappedRecord
      ? { firstName: job.mappedRecord.firstName ?? null, lastName: job.mappedRecord.lastName ?? null }
      : null;
    const differ = namesDiffer(sent, job.foundName ?? null);
    return html`<section class="explain warn" id="linked"><h2>${badge(L, 'linked')} ${L.t('job.linkedTitle')}</h2>
<p>${L.t('job.linkedText', { hrisId: job.hrisId ?? '—' })}</p>
${differ ? html`<p class="names-differ" role="alert">⚠ ${L.t('job.namesDiffer', { found: displayName(job.foundName!), sent: displayName(sent!) })}</p>` : ''}</section>`;
  }
  return html``;
}

/** The part of a job page that changes while it runs: refreshed in place until the job is finished. */
export function jobLiveFragment(L: Locale, job: LiveJob, attempts: LiveAttempt[], timeline: TimelineItem[], retry: RetryContext): SafeHtml {
  return html`<dl class="facts">
  <dt>${L.t('job.status')}</dt><dd id="job-status" data-status="${job.status}" data-outcome="${job.outcome ?? ''}">${jobBadge(L, job)}</dd>
  ${job.outcome && job.outcome !== 'linked' ? html`<dt>${L.t('job.outcome')}</dt><dd id="job-outcome">${badge(L, job.outcome)}</dd>` : ''}
  <dt>${L.t('job.connection')}</dt><dd id="job-connection">${connectionFact(L, job.connection)}</dd>
  <dt>${L.t('job.hrisId')}</dt><dd id="job-hris-id">${text(job.hrisId)}</dd>
  <dt>${L.t('job.attempts')}</dt><dd>${job.attemptCount}</dd>
  <dt>${L.t('job.started')}</dt><dd>${L.time(job.startedAt)}</dd>
  <dt>${L.t('job.finished')}</dt><dd>${L.time(job.finishedAt)}</dd>
  <dt>${L.t('job.lastError')}</dt><dd class="error">${text(job.lastError)}</dd>
  ${pushFacts(L, job)}
</dl>
${explanation(L, job, attempts, retry)}
<h2>${L.t('job.attemptsTitle')}</h2>
${
  attempts.length === 0
    ? html`<p class="empty">${L.t('job.noAttempt')}</p>`
    : html`<div class="scroll"><table class="attempts"><thead><tr><th>${L.t('job.colNo')}</th><th>${L.t('job.colTime')}</th><th>${L.t('job.colHttp')}</th><th>${L.t('job.colDuration')}</th><th>${L.t('job.colOutcome')}</th><th>${L.t('job.colExcerpt')}</th><th>${L.t('job.colError')}</th></tr></thead><tbody>
${attempts.map(
  (
    a,
  ) => html`<tr><td class="num">${a.attemptNo}</td><td>${L.time(a.startedAt)}</td><td class="num">${a.httpStatus ?? '—'}</td><td class="num">${L.t('job.durationMs', { ms: a.durationMs })}</td>
<td>${a.outcome === 'succeeded' && job.outcome ? badge(L, job.outcome) : badge(L, a.outcome)}</td><td><pre class="excerpt">${a.responseExcerpt ?? ''}</pre></td><td class="error">${text(a.error, '')}</td></tr>`,
)}
</tbody></table></div>`
}
<h2>${L.t('job.timeline')}</h2>
<ol class="timeline">
${timeline.map(
  (e) =>
    html`<li>${L.time(e.at)} <strong>${e.label}</strong>${e.actor ? html` <span class="muted">${L.t('job.by', { actor: e.actor })}</span>` : ''}${e.detail ? html` — <span class="detail${e.error ? ' bad' : ''}">${e.detail}</span>` : ''}</li>`,
)}
</ol>`;
}

export function timelineOf(L: Locale, receivedAt: Date | null, events: SyncJobEventRow[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const st = (s: string | null) => (s === null ? '?' : hasKey('status', s) ? L.t(`status.${s}`) : s);
  if (receivedAt) items.push({ at: receivedAt, label: L.t('job.webhookReceived'), actor: 'Flatchr', detail: null });
  for (const e of events) {
    const type = hasKey('timeline', e.type) ? L.t(`timeline.${e.type}`) : e.type;
    const label =
      e.type === 'status'
        ? L.t('timeline.status', { from: st(e.fromStatus), to: st(e.toStatus) })
        : e.type === 'warning'
          ? L.t('job.warning')
          : L.t('timeline.action', { type, from: st(e.fromStatus), to: st(e.toStatus) });
    // On a failure the detail is the error, on a warning what looked wrong; otherwise information (HRIS id, action).
    const error = e.type === 'warning' || e.toStatus === 'failed' || e.toStatus === 'retrying';
    items.push({ at: e.at, label, actor: e.actor, detail: e.detail, error });
  }
  return items;
}

function actionsHelp(L: Locale, maxAttempts: number): SafeHtml {
  return html`<details class="help" id="actions-help"><summary>${L.t('job.actionsHelpTitle')}</summary>
<p>${L.t('job.retryHelp', { count: maxAttempts })}</p>
<p>${L.t('job.replayHelp')}</p>
<p class="muted">${L.t('job.neitherRereads')}</p></details>`;
}

export function jobPage(
  ctx: PageContext,
  job: {
    id: string;
    status: string;
    candidateName: string | null;
    email: string | null;
    vacancy: string | null;
    company: string | null;
    hrisSystem: string;
    deliveryId: string;
    mappedRecord: unknown;
    delivery?: { payload: unknown; receivedAt: Date; event: string; status: string; payloadPurgedAt?: Date | null } | null;
  },
  live: SafeHtml,
  maxAttempts: number,
): string {
  const L = ctx.locale;
  const operator = ctx.principal.role === 'operator';
  const purged = Boolean(job.delivery?.payloadPurgedAt);
  const actions = !operator
    ? html`<p class="muted">${L.t('job.readOnly')}</p>`
    : purged
      ? html`<p class="muted">${L.t('job.purged')}</p>`
      : html`<div class="actions">
  ${
    job.status === 'failed'
      ? html`<form method="post" action="/dashboard/jobs/${job.id}/retry" class="inline">${csrfInput(ctx)}<button type="submit" id="retry">${L.t('job.retry')}</button></form>`
      : ''
  }
  ${
    isFinished(job.status)
      ? html`<form method="post" action="/dashboard/jobs/${job.id}/replay" class="inline" data-confirm="${L.t('job.replayConfirm')}">${csrfInput(ctx)}<button type="submit" id="replay" class="secondary">${L.t('job.replay')}</button></form>`
      : ''
  }
</div>
${actionsHelp(L, maxAttempts)}`;
  const d = job.delivery;
  return layout(
    L.t('job.title', { name: job.candidateName ?? job.id }),
    ctx,
    'jobs',
    html`<p><a href="/dashboard">${L.t('job.back')}</a></p>
<h1 class="candidate">${text(job.candidateName, L.t('jobs.noName'))}</h1>
<p class="sub">${text(job.email)} · ${text(job.vacancy)} · ${text(job.company)} · <span class="muted">${L.t('job.sub', { id: job.id, system: job.hrisSystem })}</span></p>
${actions}
<section id="live" ${isFinished(job.status) ? '' : html`data-refresh="/dashboard/fragments/jobs/${job.id}" data-interval="2000"`}>${live}</section>
<div class="columns">
<section><h2>${L.t('job.mappedTitle')}</h2>
${job.mappedRecord ? html`<pre class="json" id="mapped-record">${prettyJson(job.mappedRecord)}</pre>` : html`<p class="empty">${L.t('job.notMapped')}</p>`}
</section>
<section><h2>${L.t('job.deliveryTitle')}</h2>
${
  d
    ? html`<p class="muted small">${L.tHtml('job.deliveryLine', { event: d.event, time: L.time(d.receivedAt) })} · <a href="/dashboard/deliveries${queryString({ q: job.deliveryId })}">${L.t('job.deliveryLink', { id: job.deliveryId })}</a></p>
${d.payloadPurgedAt ? html`<p class="empty">${L.tHtml('job.payloadPurged', { time: L.time(d.payloadPurgedAt) })}</p>` : html`<pre class="json" id="delivery-payload">${prettyJson(d.payload)}</pre>`}`
    : html`<p class="empty">${L.t('job.deliveryMissing')}</p>`
}
</section>
</div>`,
  );
}

/** Why a delivery was not synced, in words: which column it went to and which ones count as hired. */
function ignoredReason(L: Locale, d: DeliveryRow, hiredColumns: readonly string[], company?: CompanyColumnsView): SafeHtml {
  if (d.event !== 'drag_applicant') return html`<span class="why">${L.t('deliveries.notAHire', { event: d.event })}</span>`;
  const column = d.columnTitle ?? d.columnId;
  const moved = column ? L.t('deliveries.notHiredColumn', { column }) : L.t('deliveries.notHiredColumnUnknown');
  const quoted = (list: readonly string[]) => list.map((c) => `“${c}”`).join(', ');
  if (company && (company.flatchr !== null || company.settings.length > 0)) {
    // The company's own list: Flatchr's flagged columns (when cached), then the two overrides.
    const parts = [
      company.flatchr === null
        ? L.t('deliveries.hiredColumnsFromFlatchrUnknown')
        : company.flatchr.length === 0
          ? L.t('deliveries.hiredColumnsFromFlatchrNone')
          : L.t('deliveries.hiredColumnsFromFlatchr', {
              list: company.flatchr.map((c) => `“${c.title ?? '?'}” (${c.id ?? '?'})`).join(', '),
            }),
      ...(hiredColumns.length ? [L.t('deliveries.hiredColumnsFromEnv', { list: quoted(hiredColumns) })] : []),
      ...(company.settings.length ? [L.t('deliveries.hiredColumnsFromSettings', { list: quoted(company.settings) })] : []),
    ];
    return html`<span class="why" data-hired-columns="company">${moved} ${L.t('deliveries.hiredColumnsOfCompany', { parts: parts.join('; ') })}</span>`;
  }
  const which = hiredColumns.length
    ? L.t('deliveries.hiredColumnsList', { list: quoted(hiredColumns) })
    : L.t('deliveries.hiredColumnsFlagOnly');
  return html`<span class="why">${moved} ${which}</span>`;
}

export function deliveriesPage(
  ctx: PageContext,
  query: ListDeliveriesQuery,
  list: { items: DeliveryRow[]; total: number },
  events: string[],
  hiredColumns: readonly string[],
  companyColumns: ReadonlyMap<string, CompanyColumnsView> = new Map(),
): string {
  const L = ctx.locale;
  const filters = { status: query.status, event: query.event, q: query.q };
  return layout(
    L.t('deliveries.title'),
    ctx,
    'deliveries',
    html`<h1>${L.t('deliveries.heading')}</h1>
<form class="filters" method="get" action="/dashboard/deliveries" role="search">
  <label>${L.t('layout.status')} <select name="status"><option value="">${L.t('layout.any')}</option>
    ${DELIVERY_STATUSES.map((s) => html`<option value="${s}"${query.status === s ? html` selected` : ''}>${L.t(`status.${s}`)}</option>`)}</select></label>
  <label>${L.t('deliveries.event')} <select name="event"><option value="">${L.t('layout.any')}</option>
    ${events.map((e) => html`<option value="${e}"${query.event === e ? html` selected` : ''}>${e}</option>`)}</select></label>
  <label class="grow">${L.t('deliveries.searchLabel')} <input type="search" name="q" value="${query.q ?? ''}"></label>
  <button type="submit">${L.t('layout.filter')}</button> <a href="/dashboard/deliveries">${L.t('layout.reset')}</a>
</form>
${
  list.items.length === 0
    ? html`<p class="empty">${L.t('deliveries.empty')}</p>`
    : html`<table class="deliveries"><thead><tr><th>${L.t('deliveries.colReceived')}</th><th>${L.t('deliveries.colEvent')}</th><th>${L.t('deliveries.colStatus')}</th><th>${L.t('deliveries.colCandidate')}</th><th>${L.t('deliveries.colIds')}</th><th>${L.t('deliveries.colJob')}</th><th>${L.t('deliveries.colNotes')}</th></tr></thead><tbody>
${list.items.map(
  // A delivery that became a sync job shows the job's status: "queued" next to a failed job would say the opposite.
  (
    d,
  ) => html`<tr data-delivery-id="${d.id}"><td data-label="${L.t('deliveries.colReceived')}">${L.time(d.receivedAt)}</td><td data-label="${L.t('deliveries.colEvent')}">${d.event}</td>
<td data-label="${L.t('deliveries.colStatus')}" class="delivery-status">${d.syncJobId ? jobBadge(L, { status: d.syncJobStatus ?? '', outcome: d.syncJobOutcome }) : badge(L, d.status)}</td>
<td data-label="${L.t('deliveries.colCandidate')}">${text(d.candidateName)}</td><td data-label="${L.t('deliveries.colIds')}">${text(d.candidateId)} / ${text(d.applicantId)}</td>
<td data-label="${L.t('deliveries.colJob')}">${d.syncJobId ? html`<a href="/dashboard/jobs/${d.syncJobId}">${jobBadge(L, { status: d.syncJobStatus ?? '', outcome: d.syncJobOutcome })}</a>` : html`<span class="muted">—</span>`}</td>
<td data-label="${L.t('deliveries.colNotes')}">${d.status === 'ignored' ? ignoredReason(L, d, hiredColumns, d.companyId ? companyColumns.get(d.companyId) : undefined) : ''}${d.duplicateOf ? html`${L.t('deliveries.duplicateOf')} <code>${d.duplicateOf}</code>` : ''}${d.error ? html`<pre class="excerpt">${prettyJson(d.error)}</pre>` : ''}${d.payloadPurgedAt ? L.t('deliveries.payloadPurged') : ''}</td></tr>`,
)}
</tbody></table>`
}
${pager(L, '/dashboard/deliveries', filters, query.page, query.pageSize, list.total)}`,
  );
}
