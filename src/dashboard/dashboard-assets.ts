import { createHash } from 'node:crypto';

/**
 * The dashboard's only script and stylesheet, served by the service itself (CSP 'self', nothing
 * from a CDN). Kept as strings in a .ts module so the build needs no asset-copy step.
 */

/** Progressive enhancement: every page works without it; it adds in-place refresh and confirmations. */
export const DASHBOARD_JS = `'use strict';
(function () {
  // Replaces the inner HTML of [data-refresh] elements with the server's (escaped) fragment, so
  // numbers update without reloading the page. Stops when the server says the content is final.
  function startRefresh(el) {
    var url = el.getAttribute('data-refresh');
    var every = parseInt(el.getAttribute('data-interval') || '5000', 10);
    var busy = false;
    var timer = setInterval(function () {
      if (busy || document.hidden) return;
      if (el.contains(document.activeElement) && document.activeElement !== document.body) return;
      busy = true;
      fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } })
        .then(function (res) {
          if (res.headers.get('X-Refresh-Stop') === '1') clearInterval(timer);
          return res.ok ? res.text() : null;
        })
        .then(function (markup) {
          if (markup !== null && markup !== el.innerHTML) el.innerHTML = markup;
        })
        .catch(function () { /* next tick tries again */ })
        .then(function () { busy = false; });
    }, every);
  }

  // The connection form lists every HRIS's secret fields; only the chosen one's are shown.
  function providerSecrets() {
    var select = document.getElementById('provider');
    if (!select) return;
    function show() {
      Array.prototype.forEach.call(document.querySelectorAll('.provider-secrets'), function (el) {
        el.hidden = el.getAttribute('data-provider') !== select.value;
      });
    }
    select.addEventListener('change', show);
    show();
  }

  function init() {
    providerSecrets();
    Array.prototype.forEach.call(document.querySelectorAll('[data-refresh]'), startRefresh);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-confirm]'), function (form) {
      form.addEventListener('submit', function (ev) {
        if (!window.confirm(form.getAttribute('data-confirm'))) ev.preventDefault();
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('form[method="post"]'), function (form) {
      form.addEventListener('submit', function () {
        Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = true; });
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
`;

export const DASHBOARD_CSS = `
:root { --fg: #1d2430; --muted: #6b7280; --line: #e5e7eb; --bg: #f8fafc; --ok: #047857; --bad: #b91c1c; --warn: #b45309; --info: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #111827; color: #fff; }
header.top a { color: #cbd5e1; text-decoration: none; margin-right: 1rem; }
header.top a[aria-current="page"] { color: #fff; font-weight: 600; }
header.top .who { margin-left: auto; color: #94a3b8; }
main { padding: 1rem 1.2rem 3rem; max-width: 1500px; }
h1 { font-size: 1.35rem; margin: 1.2rem 0 .6rem; } h2 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
a { color: var(--info); }
.muted { color: var(--muted); } .small { font-size: .85em; }
.notice { background: #ecfdf5; border: 1px solid #a7f3d0; padding: .5rem .8rem; border-radius: 6px; }
.notice.bad { background: #fef2f2; border-color: #fecaca; color: var(--bad); }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin-bottom: .6rem; }
.card { display: flex; flex-direction: column; min-width: 9rem; padding: .5rem .8rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; color: inherit; text-decoration: none; }
.card .label { font-size: .8em; color: var(--muted); } .card .value { font-size: 1.4rem; font-weight: 600; } .card .hint { font-size: .75em; color: var(--muted); }
.value.ok { color: var(--ok); } .value.bad { color: var(--bad); }
form.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; background: #fff; padding: .6rem .8rem; border: 1px solid var(--line); border-radius: 8px; }
form.filters label { display: flex; flex-direction: column; font-size: .8em; color: var(--muted); }
form.filters label.grow { flex: 1; min-width: 16rem; }
input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid #cbd5e1; border-radius: 5px; background: #fff; }
button { background: var(--info); color: #fff; border-color: var(--info); cursor: pointer; }
button.secondary { background: #fff; color: var(--info); }
button:disabled { opacity: .6; cursor: progress; }
form.inline { display: inline-block; margin: 0 .4rem .4rem 0; }
.toolbar, .actions { margin: .6rem 0; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8em; color: var(--muted); background: #f1f5f9; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.error, dd.error, .detail.bad { color: var(--bad); max-width: 28rem; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8em; font-weight: 600; background: #e5e7eb; }
.status-succeeded, .status-queued.delivery, .status-skipped { background: #d1fae5; color: var(--ok); }
.status-failed, .status-rejected, .status-permanent { background: #fee2e2; color: var(--bad); }
.status-retrying, .status-retryable, .status-rate_limited { background: #fef3c7; color: var(--warn); }
.status-queued { background: #dbeafe; color: var(--info); }
.status-skipped { background: #e0e7ff; color: #4338ca; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; }
pre.json { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .6rem; max-height: 32rem; overflow: auto; }
pre.excerpt { max-width: 30rem; max-height: 8rem; overflow: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; background: #fff; padding: .6rem .8rem; border: 1px solid var(--line); border-radius: 8px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
table.backfills progress { width: 10rem; vertical-align: middle; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; } @media (max-width: 1000px) { .columns { grid-template-columns: 1fr; } }
ol.timeline { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem .6rem 2rem; }
nav.pager { display: flex; gap: 1rem; margin: .8rem 0; align-items: center; }
.empty { color: var(--muted); font-style: italic; }
.sub { margin-top: 0; }
.status-linked { background: #ffedd5; color: #c2410c; }
span.warn, .names-differ { color: var(--warn); font-weight: 600; }
header.top nav.langs a { margin-right: .5rem; } header.top nav.langs a[aria-current="true"] { color: #fff; font-weight: 600; text-decoration: underline; }
section.explain { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 8px; padding: .2rem .9rem .6rem; margin: .8rem 0; }
section.explain.bad { border-left-color: var(--bad); } section.explain.warn { border-left-color: #c2410c; }
ul.field-errors { margin: .2rem 0 .4rem; padding-left: 1.4rem; } ul.field-errors code { font-weight: 600; }
details.help { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .4rem .8rem; margin: .4rem 0 .8rem; max-width: 60rem; }
details.help summary { cursor: pointer; color: var(--info); }
.scroll { overflow-x: auto; }
time[title] { text-decoration: underline dotted var(--muted); cursor: help; }
a.button { display: inline-block; padding: .3rem .6rem; border-radius: 5px; background: var(--info); color: #fff; text-decoration: none; }
.notice.bad { background: #fef2f2; border-color: #fecaca; color: var(--bad); }
.health { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8em; font-weight: 600; background: #e5e7eb; }
.health-ok { background: #d1fae5; color: var(--ok); } .health-failing { background: #fee2e2; color: var(--bad); }
form.connection-form { display: flex; flex-direction: column; gap: .3rem; max-width: 44rem; background: #fff; padding: .8rem 1rem; border: 1px solid var(--line); border-radius: 8px; }
form.connection-form label { display: flex; flex-direction: column; gap: .15rem; font-weight: 600; margin-top: .4rem; }
form.connection-form label.check { flex-direction: row; align-items: center; gap: .4rem; }
form.connection-form .hint { margin: 0; font-size: .8em; color: var(--muted); }
form.connection-form textarea { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; padding: .4rem; border: 1px solid #cbd5e1; border-radius: 5px; }
fieldset.secrets { border: 1px solid var(--line); border-radius: 8px; margin-top: .6rem; }
.provider-secrets { border-top: 1px dashed var(--line); padding-top: .2rem; }
form.connection-form ul.field-errors, fieldset.secrets ul.field-errors { color: var(--bad); margin: .1rem 0; }
dd ul.notices, dd ul.steps { margin: 0; padding-left: 1.1rem; }
form.danger { margin-top: 1rem; }
@media (max-width: 700px) {
  header.top { flex-wrap: wrap; gap: .4rem 1rem; padding: .5rem .8rem; }
  header.top .who { margin-left: 0; }
  main { padding: .6rem .6rem 2rem; }
  table.jobs, table.deliveries, table.connections { border: 0; background: none; }
  table.jobs thead, table.deliveries thead, table.connections thead { display: none; }
  table.jobs tr, table.deliveries tr, table.connections tr { display: block; background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-bottom: .6rem; padding: .3rem .5rem; }
  table.jobs td, table.deliveries td, table.connections td { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .5rem; border: 0; padding: .15rem 0; text-align: left; max-width: none; overflow-wrap: anywhere; }
  table.jobs td::before, table.deliveries td::before, table.connections td::before { content: attr(data-label); flex: 0 0 7.5rem; color: var(--muted); font-size: .8em; }
  .card { min-width: 7rem; flex: 1 1 7rem; }
  form.filters label.grow { min-width: 0; flex: 1 1 100%; }
}
`;

/** Content hash: lets the browser revalidate with If-None-Match instead of downloading again. */
export const DASHBOARD_JS_ETAG = `"${createHash('sha256').update(DASHBOARD_JS).digest('base64url').slice(0, 16)}"`;
export const DASHBOARD_CSS_ETAG = `"${createHash('sha256').update(DASHBOARD_CSS).digest('base64url').slice(0, 16)}"`;
