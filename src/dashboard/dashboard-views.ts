import { SYNC_JOB_STATUSES, isFinished } from '../sync/sync-job-status';
import { DELIVERY_STATUSES } from '../webhooks/delivery.entity';
import type { DashboardPrincipal } from './basic-auth.guard';
import { DASHBOARD_CSS_ETAG, DASHBOARD_JS_ETAG } from './dashboard-assets';
import { CSRF_FIELD } from './csrf';
import type { DeliveryRow } from './deliveries-query.service';
import type { ListDeliveriesQuery } from './dto/list-deliveries.query';
import type { ListSyncJobsQuery } from './dto/list-sync-jobs.query';
import { html, prettyJson, queryString, SafeHtml } from './html';
import type { Overview } from './overview.service';
import type { SyncJobEventRow, SyncJobRow } from './sync-jobs-query.service';

/** Rendering of the dashboard pages. Pure functions of their data; every value goes through `html`. */

/** Changes with the script and stylesheet, so browsers never keep an old copy past a deploy. */
export const ASSET_VERSION = (DASHBOARD_JS_ETAG + DASHBOARD_CSS_ETAG).replace(/[^A-Za-z0-9]/g, '').slice(0, 12);

export interface PageContext {
  principal: DashboardPrincipal;
  csrfToken: string;
  notice?: string | null;
}

/** Fixed texts for the `notice` query parameter: the page never echoes arbitrary text from the URL. */
export const NOTICES: Record<string, string> = {
  retried: 'Retry queued.',
  replayed: 'Replay queued: the job runs again from its stored delivery.',
  'bulk-retried': 'Failed jobs matching the filter were queued again.',
  'not-retryable': 'Nothing done: the job is no longer in a state that allows this action.',
  'queue-down': 'Nothing done: the queue (Redis) is unavailable. Try again once it is back.',
  'not-enqueued': 'The job is queued in the database, but Redis did not take it; the worker will pick it up once Redis is back.',
};

export function fmtTime(d: Date | string | null | undefined): SafeHtml {
  if (!d) return html`<span class="muted">—</span>`;
  const date = d instanceof Date ? d : new Date(d);
  const iso = date.toISOString();
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

function fmtMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

function badge(status: string | null | undefined): SafeHtml {
  if (!status) return html`<span class="muted">—</span>`;
  return html`<span class="status status-${status.replace(/[^a-z_]/g, '')}">${status}</span>`;
}

function text(value: string | null | undefined, fallback = '—'): SafeHtml {
  return value === null || value === undefined || value === '' ? html`<span class="muted">${fallback}</span>` : html`${value}`;
}

function csrfInput(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}">`;
}

export function layout(title: string, ctx: PageContext, active: 'jobs' | 'deliveries' | 'settings', body: SafeHtml): string {
  const nav = (href: string, label: string, key: string) =>
    html`<a href="${href}"${key === active ? html` aria-current="page"` : ''}>${label}</a>`;
  // Own keys only: `?notice=constructor` must not find Object's.
  const notice = ctx.notice && Object.hasOwn(NOTICES, ctx.notice) ? NOTICES[ctx.notice] : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrfToken}">
<title>${title} · HireBridge</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css?v=${ASSET_VERSION}">
<script src="/dashboard/assets/dashboard.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
<header class="top">
  <strong class="brand">HireBridge</strong>
  <nav>${nav('/dashboard', 'Sync jobs', 'jobs')} ${nav('/dashboard/deliveries', 'Deliveries', 'deliveries')}
    <a href="/queues">Queue (bull-board)</a> <a href="/docs">API</a> ${nav('/dashboard/settings', 'Settings', 'settings')}</nav>
  <span class="who">${ctx.principal.user}${ctx.principal.role === 'readonly' ? ' (read-only)' : ''}</span>
</header>
<main>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${body}
</main>
</body>
</html>`.value;
}

export function overviewFragment(o: Overview): SafeHtml {
  const rate = o.failureRate7d === null ? '—' : `${(o.failureRate7d * 100).toFixed(1)} %`;
  const q = o.queue;
  return html`<div class="cards">
  ${SYNC_JOB_STATUSES.map(
    (s) =>
      html`<a class="card" href="/dashboard${queryString({ status: s })}"><span class="label">${badge(s)}</span><span class="value" data-count="${s}">${o.counts[s]}</span></a>`,
  )}
  <div class="card"><span class="label">In flight</span><span class="value" data-count="in-flight">${q.counts.active ?? 0}</span><span class="hint">pushes running now (the queue's active jobs)</span></div>
</div>
<div class="cards">
  <div class="card"><span class="label">Synced, last 24 h</span><span class="value">${o.synced24h}</span></div>
  <div class="card"><span class="label">Synced, last 7 days</span><span class="value">${o.synced7d}</span></div>
  <div class="card"><span class="label">Failure rate, 7 days</span><span class="value">${rate}</span><span class="hint">of ${o.finished7d} finished</span></div>
  <div class="card"><span class="label">Webhook → SIRH, median</span><span class="value">${fmtMs(o.latencyMs.median)}</span></div>
  <div class="card"><span class="label">Webhook → SIRH, p95</span><span class="value">${fmtMs(o.latencyMs.p95)}</span></div>
  <div class="card"><span class="label">Queue depth</span><span class="value">${q.depth ?? '—'}</span>
    <span class="hint">${q.available ? `${q.counts.active ?? 0} active, ${q.counts.delayed ?? 0} delayed` : `unavailable: ${q.error ?? ''}`}</span></div>
  <div class="card"><span class="label">Workers</span><span class="value ${q.workers ? 'ok' : 'bad'}" data-workers="${q.workers ?? ''}">${q.workers ?? '—'}</span>
    <span class="hint">${q.workers ? 'connected' : 'none connected'}</span></div>
</div>
<p class="muted small">Updated ${fmtTime(o.at)}</p>`;
}

function filterForm(query: ListSyncJobsQuery): SafeHtml {
  return html`<form class="filters" method="get" action="/dashboard" role="search">
  <label>Status <select name="status" id="filter-status">
    <option value="">any</option>
    ${SYNC_JOB_STATUSES.map((s) => html`<option value="${s}"${query.status === s ? html` selected` : ''}>${s}</option>`)}
  </select></label>
  <label>Received from <input type="date" name="from" value="${query.from ?? ''}"></label>
  <label>to <input type="date" name="to" value="${query.to ?? ''}"></label>
  <label class="grow">Search <input type="search" name="q" id="filter-q" value="${query.q ?? ''}" placeholder="name, email, Flatchr candidate/applicant id, SIRH id"></label>
  <button type="submit">Filter</button> <a href="/dashboard">Reset</a>
</form>`;
}

export function jobsTable(items: SyncJobRow[]): SafeHtml {
  if (items.length === 0) return html`<p class="empty">No sync jobs match.</p>`;
  return html`<table class="jobs">
<thead><tr><th>Candidate</th><th>Email</th><th>Vacancy</th><th>Company</th><th>Status</th><th>Attempts</th><th>SIRH id</th><th>Last error</th><th>Received</th><th>Finished</th></tr></thead>
<tbody>
${items.map(
  (j) => html`<tr data-job-id="${j.id}">
  <td><a class="job-link" href="/dashboard/jobs/${j.id}">${text(j.candidateName, '(no name)')}</a></td>
  <td>${text(j.email)}</td><td>${text(j.vacancy)}</td><td>${text(j.company)}</td>
  <td>${badge(j.status)}</td><td class="num">${j.attemptCount}</td><td>${text(j.hrisId)}</td>
  <td class="error">${text(j.lastError, '')}</td><td>${fmtTime(j.receivedAt)}</td><td>${fmtTime(j.finishedAt)}</td>
</tr>`,
)}
</tbody></table>`;
}

function pager(base: string, params: Record<string, string | undefined>, page: number, pageSize: number, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number, label: string, rel: string) =>
    html`<a rel="${rel}" href="${base}${queryString({ ...params, page: p > 1 ? p : undefined })}">${label}</a>`;
  return html`<nav class="pager" aria-label="pages">
  ${page > 1 ? link(1, '« Newest', 'first') : ''} ${page > 1 ? link(page - 1, '‹ Newer', 'prev') : ''}
  <span>page ${page} of ${pages} · ${total} in all</span>
  ${page < pages ? link(page + 1, 'Older ›', 'next') : ''}
</nav>`;
}

export function jobsPage(
  ctx: PageContext,
  query: ListSyncJobsQuery,
  list: { items: SyncJobRow[]; total: number },
  overview: Overview,
): string {
  const filters = { status: query.status, q: query.q, from: query.from, to: query.to };
  const failedInFilter = !query.status || query.status === 'failed';
  const bulk =
    ctx.principal.role === 'operator' && failedInFilter
      ? html`<form method="post" action="/dashboard/jobs/retry" class="inline" data-confirm="Retry every failed job matching this filter?">
  ${csrfInput(ctx)}
  ${Object.entries(filters).map(([k, v]) => (v ? html`<input type="hidden" name="${k}" value="${v}">` : ''))}
  <button type="submit" id="bulk-retry">Retry all failed jobs matching this filter</button>
</form>`
      : '';
  return layout(
    'Sync jobs',
    ctx,
    'jobs',
    html`<section id="overview" data-refresh="/dashboard/fragments/overview" data-interval="5000" aria-live="polite">${overviewFragment(overview)}</section>
<h1>Sync jobs</h1>
${filterForm(query)}
<div class="toolbar">${bulk}</div>
<div id="jobs" data-refresh="/dashboard/fragments/jobs${queryString({ ...filters, page: query.page > 1 ? query.page : undefined })}" data-interval="10000">${jobsTable(list.items)}</div>
${pager('/dashboard', filters, query.page, query.pageSize, list.total)}`,
  );
}

/** The part of a job page that changes while it runs: refreshed in place until the job is finished. */
export function jobLiveFragment(
  job: {
    status: string;
    hrisId: string | null;
    attemptCount: number;
    lastError: string | null;
    finishedAt: Date | null;
    startedAt: Date | null;
  },
  attempts: Array<{
    attemptNo: number;
    startedAt: Date;
    httpStatus: number | null;
    durationMs: number;
    outcome: string;
    responseExcerpt: string | null;
    error: string | null;
  }>,
  timeline: Array<{ at: Date; label: string; actor: string | null; detail: string | null; error?: boolean }>,
): SafeHtml {
  return html`<dl class="facts">
  <dt>Status</dt><dd id="job-status" data-status="${job.status}">${badge(job.status)}</dd>
  <dt>SIRH id</dt><dd id="job-hris-id">${text(job.hrisId)}</dd>
  <dt>Attempts</dt><dd>${job.attemptCount}</dd>
  <dt>Started</dt><dd>${fmtTime(job.startedAt)}</dd>
  <dt>Finished</dt><dd>${fmtTime(job.finishedAt)}</dd>
  <dt>Last error</dt><dd class="error">${text(job.lastError)}</dd>
</dl>
<h2>Attempts</h2>
${
  attempts.length === 0
    ? html`<p class="empty">No call to the SIRH yet.</p>`
    : html`<table class="attempts"><thead><tr><th>#</th><th>Time</th><th>HTTP status</th><th>Duration</th><th>Outcome</th><th>Response excerpt</th><th>Error</th></tr></thead><tbody>
${attempts.map(
  (
    a,
  ) => html`<tr><td class="num">${a.attemptNo}</td><td>${fmtTime(a.startedAt)}</td><td class="num">${a.httpStatus ?? '—'}</td><td class="num">${a.durationMs} ms</td>
<td>${badge(a.outcome)}</td><td><pre class="excerpt">${a.responseExcerpt ?? ''}</pre></td><td class="error">${text(a.error, '')}</td></tr>`,
)}
</tbody></table>`
}
<h2>Timeline</h2>
<ol class="timeline">
${timeline.map(
  (e) =>
    html`<li>${fmtTime(e.at)} <strong>${e.label}</strong>${e.actor ? html` <span class="muted">by ${e.actor}</span>` : ''}${e.detail ? html` — <span class="detail${e.error ? ' bad' : ''}">${e.detail}</span>` : ''}</li>`,
)}
</ol>`;
}

export function timelineOf(receivedAt: Date | null, events: SyncJobEventRow[]) {
  const items: Array<{ at: Date; label: string; actor: string | null; detail: string | null; error?: boolean }> = [];
  if (receivedAt) items.push({ at: receivedAt, label: 'webhook received → queued', actor: 'Flatchr', detail: null });
  for (const e of events) {
    const label =
      e.type === 'status'
        ? `${e.fromStatus ?? '?'} → ${e.toStatus ?? '?'}`
        : e.type === 'warning'
          ? 'warning'
          : `${e.type}: ${e.fromStatus ?? '?'} → ${e.toStatus ?? '?'}`;
    // On a failure the detail is the error, on a warning what looked wrong; otherwise information (SIRH id, action).
    const error = e.type === 'warning' || e.toStatus === 'failed' || e.toStatus === 'retrying';
    items.push({ at: e.at, label, actor: e.actor, detail: e.detail, error });
  }
  return items;
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
): string {
  const operator = ctx.principal.role === 'operator';
  const purged = Boolean(job.delivery?.payloadPurgedAt);
  const actions = !operator
    ? html`<p class="muted">Read-only account: no actions.</p>`
    : purged
      ? html`<p class="muted">The delivery was purged (retention policy): nothing to run again.</p>`
      : html`<div class="actions">
  ${
    job.status === 'failed'
      ? html`<form method="post" action="/dashboard/jobs/${job.id}/retry" class="inline">${csrfInput(ctx)}<button type="submit" id="retry">Retry</button></form>`
      : ''
  }
  ${
    isFinished(job.status)
      ? html`<form method="post" action="/dashboard/jobs/${job.id}/replay" class="inline" data-confirm="Run this job again from its stored delivery?">${csrfInput(ctx)}<button type="submit" id="replay" class="secondary">Replay from delivery</button></form>`
      : ''
  }
</div>`;
  const d = job.delivery;
  return layout(
    `Sync job ${job.candidateName ?? job.id}`,
    ctx,
    'jobs',
    html`<p><a href="/dashboard">← Sync jobs</a></p>
<h1 class="candidate">${text(job.candidateName, '(no name)')}</h1>
<p class="sub">${text(job.email)} · ${text(job.vacancy)} · ${text(job.company)} · <span class="muted">job ${job.id} → ${job.hrisSystem}</span></p>
${actions}
<section id="live" ${isFinished(job.status) ? '' : html`data-refresh="/dashboard/fragments/jobs/${job.id}" data-interval="2000"`}>${live}</section>
<div class="columns">
<section><h2>Employee record sent to the SIRH</h2>
${job.mappedRecord ? html`<pre class="json" id="mapped-record">${prettyJson(job.mappedRecord)}</pre>` : html`<p class="empty">Not mapped yet (or mapping failed: see the last error).</p>`}
</section>
<section><h2>Flatchr delivery as received</h2>
${
  d
    ? html`<p class="muted small">${d.event} · ${badge(d.status)} · received ${fmtTime(d.receivedAt)} · <a href="/dashboard/deliveries${queryString({ q: job.deliveryId })}">delivery ${job.deliveryId}</a></p>
${d.payloadPurgedAt ? html`<p class="empty">Payload purged on ${fmtTime(d.payloadPurgedAt)} (retention policy).</p>` : html`<pre class="json" id="delivery-payload">${prettyJson(d.payload)}</pre>`}`
    : html`<p class="empty">Delivery not found.</p>`
}
</section>
</div>`,
  );
}

export function deliveriesPage(
  ctx: PageContext,
  query: ListDeliveriesQuery,
  list: { items: DeliveryRow[]; total: number },
  events: string[],
): string {
  const filters = { status: query.status, event: query.event, q: query.q };
  return layout(
    'Deliveries',
    ctx,
    'deliveries',
    html`<h1>Webhook deliveries</h1>
<form class="filters" method="get" action="/dashboard/deliveries" role="search">
  <label>Status <select name="status"><option value="">any</option>
    ${DELIVERY_STATUSES.map((s) => html`<option value="${s}"${query.status === s ? html` selected` : ''}>${s}</option>`)}</select></label>
  <label>Event <select name="event"><option value="">any</option>
    ${events.map((e) => html`<option value="${e}"${query.event === e ? html` selected` : ''}>${e}</option>`)}</select></label>
  <label class="grow">Flatchr candidate / applicant id, or delivery id <input type="search" name="q" value="${query.q ?? ''}"></label>
  <button type="submit">Filter</button> <a href="/dashboard/deliveries">Reset</a>
</form>
${
  list.items.length === 0
    ? html`<p class="empty">No deliveries match.</p>`
    : html`<table class="deliveries"><thead><tr><th>Received</th><th>Event</th><th>Status</th><th>Candidate</th><th>Flatchr candidate / applicant</th><th>Sync job</th><th>Notes</th></tr></thead><tbody>
${list.items.map(
  (d) => html`<tr data-delivery-id="${d.id}"><td>${fmtTime(d.receivedAt)}</td><td>${d.event}</td><td>${badge(d.status)}</td>
<td>${text(d.candidateName)}</td><td>${text(d.candidateId)} / ${text(d.applicantId)}</td>
<td>${d.syncJobId ? html`<a href="/dashboard/jobs/${d.syncJobId}">${badge(d.syncJobStatus)}</a>` : html`<span class="muted">—</span>`}</td>
<td>${d.duplicateOf ? html`duplicate of <code>${d.duplicateOf}</code>` : ''}${d.error ? html`<pre class="excerpt">${prettyJson(d.error)}</pre>` : ''}${d.payloadPurgedAt ? html`payload purged` : ''}</td></tr>`,
)}
</tbody></table>`
}
${pager('/dashboard/deliveries', filters, query.page, query.pageSize, list.total)}`,
  );
}
