import type { ConnectionListView, ConnectionTestView, ConnectionView, WaitingCompanyView } from '../connections/connection-view';
import { OPTIONAL_CREDENTIALS } from '../connections/connections.service';
import type { HrisFieldError } from '../hris/hris-failure';
import { availableProviders, hrisDefinition } from '../hris/hris-registry';
import type { HrisProvider } from '../hris/hris-provider';
import { FormValues, optionalSecretFieldName, secretFieldName } from './connection-form';
import { csrfInput, layout, PageContext, text } from './dashboard-views';
import { html, queryString, SafeHtml } from './html';
import type { Locale } from './i18n/locale';

/**
 * The Connections pages: the list with each connection's health and numbers, the companies whose
 * hires wait for one, and the add/edit form. No stored secret is ever given to these functions.
 */

export function providerLabel(provider: string | null | undefined): string {
  if (!provider) return '—';
  return hrisDefinition(provider as HrisProvider)?.label ?? provider;
}

function healthBadge(L: Locale, c: ConnectionView): SafeHtml {
  const label =
    c.health === 'ok'
      ? L.t('connections.healthOk')
      : c.health === 'failing'
        ? L.t('connections.healthFailing')
        : L.t('connections.healthUnknown');
  const since =
    c.health === 'failing' && c.healthChangedAt ? html` ${L.tHtml('connections.since', { time: L.time(c.healthChangedAt) })}` : '';
  return html`<span class="health health-${c.health.replace(/[^a-z]/g, '')}" data-health="${c.health}">${label}</span>${since}${
    c.health === 'failing' && c.healthDetail ? html`<div class="detail bad">${c.healthDetail}</div>` : ''
  }`;
}

/** The Flatchr link's problems, in the list: the connection's page says more. */
function flatchrWarnings(L: Locale, c: ConnectionView): SafeHtml {
  const f = c.flatchr;
  if (!f) return html``;
  return html`${f.keyRefused ? html`<div class="detail bad" data-flatchr="key-refused">${L.t('connections.listFlatchrKeyRefused')}</div>` : ''}${
    f.foundWithoutWebhook > 0
      ? html`<div class="detail bad" data-flatchr="found-without-webhook">${L.t('connections.listFlatchrFoundWithoutWebhook', { count: f.foundWithoutWebhook })}</div>`
      : ''
  }`;
}

/** The outcome of the Test button, shown above the list. */
export interface TestResult extends ConnectionTestView {
  name: string;
}

function testNotice(L: Locale, r: TestResult): SafeHtml {
  return html`<p id="test-result" class="notice${r.ok ? '' : ' bad'}" role="status" data-ok="${r.ok ? '1' : '0'}">${
    r.ok ? L.t('connections.testOk', { name: r.name, detail: r.detail }) : L.t('connections.testFailed', { name: r.name, detail: r.detail })
  }</p>`;
}

function waitingSection(ctx: PageContext, waiting: WaitingCompanyView[], connections: ConnectionView[]): SafeHtml {
  const L = ctx.locale;
  const operator = ctx.principal.role === 'operator';
  const action = (w: WaitingCompanyView) => {
    if (!operator) return '';
    // A (disabled) connection already lists the company: enabling it releases the hires.
    const listed = connections.find((c) => c.companyIds.includes(w.companyId));
    return listed
      ? html`<a href="/dashboard/connections/${listed.id}">${L.t('connections.editForCompany', { name: listed.name })}</a>`
      : html`<a class="button" href="/dashboard/connections/new${queryString({ companyId: w.companyId })}" data-add-for="${w.companyId}">${L.t('connections.addForCompany')}</a>`;
  };
  return html`<section id="waiting"><h2>${L.t('connections.waitingHeading')}</h2>
${
  waiting.length === 0
    ? html`<p class="empty">${L.t('connections.waitingEmpty')}</p>`
    : html`<p>${L.t('connections.waitingIntro')}</p>
<table class="waiting"><thead><tr><th>${L.t('connections.colCompany')}</th><th>${L.t('connections.colWaiting')}</th><th>${L.t('connections.colSince')}</th><th></th></tr></thead><tbody>
${waiting.map(
  (w) =>
    html`<tr data-company-id="${w.companyId}"><td><code>${w.companyId}</code>${w.companyName ? html` ${w.companyName}` : ''}</td><td class="num">${w.waiting}</td><td>${L.time(w.oldestAt)}</td><td>${action(w)}</td></tr>`,
)}
</tbody></table>`
}</section>`;
}

export function connectionsPage(
  ctx: PageContext,
  list: ConnectionListView,
  waiting: WaitingCompanyView[],
  testResult: TestResult | null = null,
): string {
  const L = ctx.locale;
  const operator = ctx.principal.role === 'operator';
  const row = (c: ConnectionView) => html`<tr data-connection-id="${c.id}">
<td data-label="${L.t('connections.colName')}">${operator ? html`<a href="/dashboard/connections/${c.id}">${c.name}</a>` : c.name}</td>
<td data-label="${L.t('connections.colProvider')}">${providerLabel(c.provider)}</td>
<td data-label="${L.t('connections.colCompanies')}">${c.companyIds.length ? html`<span>${c.companyIds.map((id, i) => html`${i ? ', ' : ''}<code>${id}</code>`)}</span>` : html`<span class="muted">${L.t('connections.none')}</span>`}</td>
<td data-label="${L.t('connections.colSynced')}" class="num">${c.synced7d}</td>
<td data-label="${L.t('connections.colFailed')}" class="num">${c.failed7d}</td>
<td data-label="${L.t('connections.colLastSuccess')}">${L.time(c.lastSuccessAt)}</td>
<td data-label="${L.t('connections.colHealth')}">${healthBadge(L, c)}${flatchrWarnings(L, c)}</td>
<td data-label="${L.t('connections.colEnabled')}" data-enabled="${c.enabled ? '1' : '0'}">${c.enabled ? L.t('connections.enabledYes') : html`<span class="muted">${L.t('connections.enabledNo')}</span>`}</td>
${
  operator
    ? html`<td><form method="post" action="/dashboard/connections/${c.id}/test" class="inline">${csrfInput(ctx)}<button type="submit" class="secondary" data-test="${c.id}">${L.t('connections.test')}</button></form>
<a href="/dashboard/connections/${c.id}">${L.t('connections.edit')}</a></td>`
    : ''
}</tr>`;
  return layout(
    L.t('connections.title'),
    ctx,
    'connections',
    html`<h1>${L.t('connections.heading')}</h1>
<p>${L.t('connections.intro')}</p>
${testResult ? testNotice(L, testResult) : ''}
<p class="muted">${list.defaultConnection ? L.t('connections.defaultOn') : L.t('connections.defaultOff')}</p>
<div class="toolbar">${operator ? html`<a class="button" id="add-connection" href="/dashboard/connections/new">${L.t('connections.add')}</a>` : html`<p class="muted">${L.t('connections.readOnly')}</p>`}</div>
${
  list.items.length === 0
    ? html`<p class="empty">${L.t('connections.empty')}</p>`
    : html`<div class="scroll"><table class="connections"><thead><tr><th>${L.t('connections.colName')}</th><th>${L.t('connections.colProvider')}</th><th>${L.t('connections.colCompanies')}</th><th>${L.t('connections.colSynced')}</th><th>${L.t('connections.colFailed')}</th><th>${L.t('connections.colLastSuccess')}</th><th>${L.t('connections.colHealth')}</th><th>${L.t('connections.colEnabled')}</th>${operator ? html`<th></th>` : ''}</tr></thead><tbody>
${list.items.map(row)}
</tbody></table></div>`
}
${waitingSection(ctx, waiting, list.items)}`,
  );
}

/** The refusals that belong next to a field: its own, and those of its parts (`settings.companyId`). */
function errorsAt(errors: HrisFieldError[], name: string): HrisFieldError[] {
  return errors.filter((e) => e.field === name || e.field.startsWith(`${name}.`));
}

function errorList(L: Locale, errors: HrisFieldError[], id: string): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<ul class="field-errors" id="${id}">${errors.map(
    (e) => html`<li>${e.field ? L.tHtml('job.fieldError', { field: html`<code>${e.field}</code>`, message: e.message }) : e.message}</li>`,
  )}</ul>`;
}

export interface ConnectionFormPage {
  /** Null for a new connection. */
  existing: ConnectionView | null;
  values: FormValues;
  errors: HrisFieldError[];
  /** The Flatchr link section, for a connection with Flatchr access. */
  flatchr?: SafeHtml;
}

function secretInputs(L: Locale, p: ConnectionFormPage): SafeHtml {
  const stored = Boolean(p.existing?.credentialsSet);
  const input = (name: string, label: string, errors: HrisFieldError[], keep: boolean) =>
    html`<label>${label} <input type="password" name="${name}" value="" autocomplete="new-password" spellcheck="false"${
      keep ? html` placeholder="${L.t('connections.secretStoredPlaceholder')}"` : ''
    }></label>${errorList(L, errors, `err-${name}`)}`;
  const credentialErrors = (field: string) => p.errors.filter((e) => e.field === `credentials.${field}`);
  return html`<fieldset class="secrets"><legend>${L.t('connections.credentialsHeading')}</legend>
<p class="muted small">${L.t('connections.secretsWriteOnly')}${stored ? ` ${L.t('connections.secretKeep')}` : ''} ${L.t('connections.secretsOnlyChosen')}</p>
${errorList(
  L,
  p.errors.filter((e) => e.field === 'credentials'),
  'err-credentials',
)}
${availableProviders().map((provider) => {
  const definition = hrisDefinition(provider)!;
  // Stored secrets stay meaningful only for the provider they were given for.
  const keep = stored && p.existing?.provider === provider;
  return html`<div class="provider-secrets" data-provider="${provider}"${p.values.provider === provider ? '' : html` data-other="1"`}>
<p class="small"><strong>${L.t('connections.credentialsFor', { provider: definition.label })}</strong></p>
${definition.credentialFields.map((f) => input(secretFieldName(provider, f), f, p.values.provider === provider ? credentialErrors(f) : [], keep))}</div>`;
})}
<details class="optional-secrets"><summary>${L.t('connections.optionalCredentials')}</summary>
${OPTIONAL_CREDENTIALS.map((f) => input(optionalSecretFieldName(f), f, credentialErrors(f), false))}
</details>
</fieldset>`;
}

export function connectionFormPage(ctx: PageContext, p: ConnectionFormPage): string {
  const L = ctx.locale;
  const v = p.values;
  const title = p.existing ? L.t('connections.editTitle', { name: p.existing.name }) : L.t('connections.newTitle');
  const back = html`<p><a href="/dashboard/connections">${L.t('connections.back')}</a></p>`;
  if (ctx.principal.role !== 'operator') {
    return layout(
      title,
      ctx,
      'connections',
      html`${back}<h1>${title}</h1><p class="muted">${L.t('connections.readOnly')}</p>${p.flatchr ?? ''}`,
    );
  }
  const action = p.existing ? `/dashboard/connections/${p.existing.id}` : '/dashboard/connections';
  const err = (name: string) => errorList(L, errorsAt(p.errors, name), `err-${name}`);
  const summary = p.errors.length
    ? html`<section class="explain bad" id="form-errors" role="alert"><p>${L.t('connections.errorsIntro', { count: p.errors.length })}</p>${errorList(L, p.errors, 'all-errors')}</section>`
    : '';
  const rpmHint =
    p.existing && p.existing.requestsPerMinute !== null
      ? L.t('connections.hintRpmCurrent', { rpm: p.existing.requestsPerMinute })
      : L.t('connections.hintRpm');
  const remove = p.existing
    ? html`<form method="post" action="/dashboard/connections/${p.existing.id}/delete" class="inline danger" data-confirm="${L.t('connections.deleteConfirm', { name: p.existing.name })}">${csrfInput(ctx)}<button type="submit" id="delete-connection" class="secondary">${L.t('connections.delete')}</button></form>`
    : '';
  return layout(
    title,
    ctx,
    'connections',
    html`${back}<h1>${title}</h1>
${summary}
<form method="post" action="${action}" class="connection-form" id="connection-form" autocomplete="off">
${csrfInput(ctx)}
<label>${L.t('connections.fieldName')} <input type="text" name="name" value="${v.name}" required maxlength="200"></label>${err('name')}
<label>${L.t('connections.fieldProvider')} <select name="provider" id="provider">${availableProviders().map(
      (provider) => html`<option value="${provider}"${v.provider === provider ? html` selected` : ''}>${providerLabel(provider)}</option>`,
    )}</select></label>${err('provider')}
<label>${L.t('connections.fieldCompanyIds')} <input type="text" name="companyIds" value="${v.companyIds}"></label>
<p class="hint">${L.t('connections.hintCompanyIds')}</p>${err('companyIds')}
<label>${L.t('connections.fieldBaseUrl')} <input type="url" name="baseUrl" value="${v.baseUrl}"></label>
<p class="hint">${L.t('connections.hintBaseUrl')}</p>${err('baseUrl')}
<label>${L.t('connections.fieldRpm')} <input type="number" name="requestsPerMinute" min="1" step="1" value="${v.requestsPerMinute}"></label>
<p class="hint">${rpmHint}</p>${err('requestsPerMinute')}
<label class="check"><input type="checkbox" name="enabled" value="1"${v.enabled ? html` checked` : ''}> ${L.t('connections.fieldEnabled')}</label>
<p class="hint">${L.t('connections.hintEnabled')}</p>${err('enabled')}
<label>${L.t('connections.fieldSettings')} <textarea name="settings" rows="8" spellcheck="false">${v.settings}</textarea></label>
<p class="hint">${L.t('connections.hintSettings')}</p>${err('settings')}
${secretInputs(L, p)}
<div class="actions"><button type="submit" id="save-connection">${p.existing ? L.t('connections.save') : L.t('connections.create')}</button></div>
</form>
${p.flatchr ?? ''}
${remove}
${p.existing ? html`<p class="muted small">${L.tHtml('connections.updatedAt', { time: L.time(p.existing.updatedAt) })} · ${text(p.existing.id)}</p>` : ''}`,
  );
}
