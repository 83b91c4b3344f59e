import { randomBytes } from 'node:crypto';
import { startMockSirh } from '../../src/mock-sirh/mock-sirh.server';
import type { MockSirh } from '../../src/mock-sirh/mock-sirh.types';
import { hiredDelivery } from '../support/fixtures';
import { csrfTokenFrom, deliver, ops, postAs, READONLY, viewer, waitForStatus } from '../support/dashboard-helpers';
import { TestApp, startTestApp } from '../support/test-app';

const KEY = randomBytes(32).toString('hex');
/** The key the mock HRIS accepts, stored through the API. */
const API_SECRET = 'api-stored-secret-7f3a91';
/** The key typed into the dashboard's form. */
const FORM_SECRET = 'form-typed-secret-c42e08';
/** Typed into a form that is refused: must not come back in the page. */
const REFUSED_SECRET = 'refused-typed-secret-5d6b11';
const WRONG_SECRET = 'wrong-typed-secret-9e0c77';
const SECRETS = [API_SECRET, FORM_SECRET, REFUSED_SECRET, WRONG_SECRET];

function hireOf(companyId: string, n: number) {
  const body = hiredDelivery(n);
  body.company_id = companyId;
  return body;
}

/**
 * The Connections pages of the dashboard on the real service, Postgres and Redis: list, add and edit
 * forms with write-only secrets, the Test button, the companies waiting, French, read-only accounts.
 */
describe('dashboard: Connections page', () => {
  let t: TestApp;
  let sirh: MockSirh;
  /** The HRIS of the connection added through the form. */
  let sirhForm: MockSirh;
  /** Every page the tests received: none may hold a secret. */
  const pages: Array<{ path: string; text: string }> = [];

  const page = async (path: string, auth = ops, headers: Record<string, string> = {}) => {
    const res = await t.get(path, { ...auth, ...headers });
    const text = await res.text();
    pages.push({ path, text });
    return { status: res.status, text };
  };
  const post = async (path: string, form: Record<string, string>, auth = ops, headers: Record<string, string> = {}) => {
    const res = await postAs(t, auth, path, { form, headers });
    const text = await res.text();
    pages.push({ path: `POST ${path}`, text });
    return { status: res.status, location: res.headers.get('location'), text };
  };
  const token = async (auth = ops) => csrfTokenFrom((await page('/dashboard/connections', auth)).text);
  const row = async (name: string) => (await t.db.query(`SELECT * FROM connections WHERE name = $1`, [name])).rows[0];

  beforeAll(async () => {
    sirh = await startMockSirh({ apiKey: API_SECRET });
    sirhForm = await startMockSirh({ apiKey: FORM_SECRET });
    // No default SIRH: hires of companies no connection lists wait for one.
    t = await startTestApp({
      CREDENTIALS_KEY: KEY,
      SIRH_BASE_URL: '',
      SIRH_API_KEY: '',
      DASHBOARD_READONLY_USER: READONLY.user,
      DASHBOARD_READONLY_PASSWORD: READONLY.password,
    });
  });
  afterAll(async () => {
    await t?.close();
    await sirh?.close();
    await sirhForm?.close();
  });

  let apiConnection: Record<string, any>;

  it('lists a connection created through the API, with its provider, companies, numbers, health and buttons', async () => {
    const res = await postAs(t, ops, '/api/connections', {
      json: {
        name: 'Acme API',
        provider: 'generic-sirh',
        companyIds: ['401', '402'],
        baseUrl: sirh.url,
        credentials: { apiKey: API_SECRET },
      },
    });
    expect(res.status).toBe(201);
    apiConnection = (await res.json()) as Record<string, any>;

    const { status, text } = await page('/dashboard/connections');
    expect(status).toBe(200);
    const tr = new RegExp(`<tr data-connection-id="${apiConnection.id}">[\\s\\S]*?</tr>`).exec(text)![0];
    expect(tr).toContain('Acme API');
    expect(tr).toContain('Generic SIRH');
    expect(tr).toContain('<span><code>401</code>, <code>402</code></span>');
    expect(tr).toContain('data-health="unknown"');
    expect(tr).toContain('data-enabled="1"');
    expect(tr).toContain(`action="/dashboard/connections/${apiConnection.id}/test"`);
    expect(text).toContain('id="add-connection"');
    expect(text).toContain('No default SIRH');
  });

  it('adds a connection through the form: a row in Postgres, then back to the list with a notice', async () => {
    const form = await page('/dashboard/connections/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="secret.generic-sirh.apiKey"');
    expect(form.text).toContain('type="password"');

    const res = await post('/dashboard/connections', {
      _csrf: csrfTokenFrom(form.text),
      name: 'Acme Form',
      provider: 'generic-sirh',
      companyIds: '501, 502',
      baseUrl: sirhForm.url,
      requestsPerMinute: '30',
      enabled: '1',
      settings: '{"hiredColumns": ["Signé"]}',
      'secret.generic-sirh.apiKey': FORM_SECRET,
      // Another provider's fields are not read.
      'secret.hibob.token': 'ignored',
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/dashboard/connections?notice=connection-created');
    const saved = await row('Acme Form');
    expect(saved).toMatchObject({
      provider: 'generic-sirh',
      company_ids: ['501', '502'],
      base_url: sirhForm.url,
      requests_per_minute: 30,
      enabled: true,
      settings: { hiredColumns: ['Signé'] },
    });
    expect(saved.credentials_ciphertext).toMatch(/^v1:/);
    expect(saved.credentials_ciphertext).not.toContain(FORM_SECRET);

    const list = await page(res.location!);
    expect(list.text).toContain('Connection created.');
    expect(list.text).toContain('Acme Form');
  });

  it('shows the refusals next to the fields, keeps what was typed, and never the typed secret', async () => {
    const _csrf = await token();
    const base = {
      _csrf,
      name: 'Refused one',
      provider: 'generic-sirh',
      companyIds: '601',
      baseUrl: sirh.url,
      enabled: '1',
      settings: '{}',
      'secret.generic-sirh.apiKey': REFUSED_SECRET,
    };

    const notObject = await post('/dashboard/connections', { ...base, settings: '["a", "b"]' });
    expect(notObject.status).toBe(400);
    expect(notObject.text).toMatch(/<ul class="field-errors" id="err-settings"><li><code>settings<\/code>: must be a JSON object/);
    expect(notObject.text).toContain('The connection was not saved: 1 problem.');
    expect(notObject.text).toContain('value="Refused one"');
    expect(notObject.text).toContain('[&quot;a&quot;, &quot;b&quot;]');
    expect(notObject.text).not.toContain(REFUSED_SECRET);

    const notJson = await post('/dashboard/connections', { ...base, settings: '{companyId: 1' });
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('is not valid JSON');

    // The service's own checks: no base URL for generic-sirh, no key, a bad company id (the DTO's).
    const noBase = await post('/dashboard/connections', { ...base, baseUrl: '' });
    expect(noBase.status).toBe(400);
    expect(noBase.text).toMatch(/id="err-baseUrl"><li><code>baseUrl<\/code>: is required for generic-sirh/);
    expect(noBase.text).not.toContain(REFUSED_SECRET);

    const noKey = await post('/dashboard/connections', { ...base, 'secret.generic-sirh.apiKey': '' });
    expect(noKey.status).toBe(400);
    expect(noKey.text).toMatch(/id="err-secret\.generic-sirh\.apiKey"><li><code>credentials\.apiKey<\/code>: is required for generic-sirh/);

    const badCompany = await post('/dashboard/connections', { ...base, companyIds: '601, not/an/id' });
    expect(badCompany.status).toBe(400);
    expect(badCompany.text).toContain('each companyIds entry must be a Flatchr company id');
    expect(badCompany.text).not.toContain(REFUSED_SECRET);

    const taken = await post('/dashboard/connections', { ...base, companyIds: '601, 501' });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('company 501 is already served by the enabled connection “Acme Form”');
    expect(taken.text).not.toContain(REFUSED_SECRET);

    expect(await row('Refused one')).toBeUndefined();
  });

  it('keeps the stored credentials when the secret fields are left empty, and replaces them when given', async () => {
    const before = await row('Acme API');
    const edit = await page(`/dashboard/connections/${before.id}`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="Acme API"');
    expect(edit.text).toMatch(
      /name="secret\.generic-sirh\.apiKey" value="" autocomplete="new-password" spellcheck="false" placeholder="stored: leave empty to keep"/,
    );
    expect(edit.text).toContain('Leave a field empty to keep the stored value.');
    expect(edit.text).toContain('id="delete-connection"');

    const fields = {
      _csrf: csrfTokenFrom(edit.text),
      name: 'Acme API renamed',
      provider: 'generic-sirh',
      companyIds: '401, 402, 403',
      baseUrl: sirh.url,
      requestsPerMinute: '',
      enabled: '1',
      settings: '{}',
      'secret.generic-sirh.apiKey': '',
    };
    const kept = await post(`/dashboard/connections/${before.id}`, fields);
    expect(kept.status).toBe(303);
    expect(kept.location).toBe('/dashboard/connections?notice=connection-updated');
    const afterKeep = await row('Acme API renamed');
    expect(afterKeep.company_ids).toEqual(['401', '402', '403']);
    expect(afterKeep.credentials_ciphertext).toBe(before.credentials_ciphertext);
    expect((await page(kept.location!)).text).toContain('Connection saved.');

    // A refused change leaves the row alone and does not show the typed secret.
    const refused = await post(`/dashboard/connections/${before.id}`, {
      ...fields,
      settings: 'nope',
      'secret.generic-sirh.apiKey': REFUSED_SECRET,
    });
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain(REFUSED_SECRET);
    expect((await row('Acme API renamed')).credentials_ciphertext).toBe(before.credentials_ciphertext);

    const replaced = await post(`/dashboard/connections/${before.id}`, { ...fields, 'secret.generic-sirh.apiKey': WRONG_SECRET });
    expect(replaced.status).toBe(303);
    const afterReplace = await row('Acme API renamed');
    expect(afterReplace.credentials_ciphertext).not.toBe(before.credentials_ciphertext);
    expect(afterReplace.credentials_ciphertext).not.toContain(WRONG_SECRET);
  });

  it('tests a connection from its button and shows the result: failed with the wrong key, ok with the right one', async () => {
    const id = apiConnection.id;
    const failed = await post(`/dashboard/connections/${id}/test`, { _csrf: await token() });
    expect(failed.status).toBe(200);
    expect(failed.text).toMatch(/<p id="test-result" class="notice bad" role="status" data-ok="0">Test of “Acme API renamed” failed: /);

    const edit = await page(`/dashboard/connections/${id}`);
    const res = await post(`/dashboard/connections/${id}`, {
      _csrf: csrfTokenFrom(edit.text),
      name: 'Acme API renamed',
      provider: 'generic-sirh',
      companyIds: '401, 402, 403',
      baseUrl: sirh.url,
      enabled: '1',
      settings: '{}',
      'secret.generic-sirh.apiKey': API_SECRET,
    });
    expect(res.status).toBe(303);
    const ok = await post(`/dashboard/connections/${id}/test`, { _csrf: await token() });
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/<p id="test-result" class="notice" role="status" data-ok="1">Test of “Acme API renamed” passed: /);
    expect(ok.text).toMatch(new RegExp(`<tr data-connection-id="${id}">[\\s\\S]*?data-health="ok"`));

    // Only an optional secret typed: it is added, the HRIS key left empty is kept.
    const before = (await row('Acme API renamed')).credentials_ciphertext;
    const edit2 = await page(`/dashboard/connections/${id}`);
    const partial = await post(`/dashboard/connections/${id}`, {
      _csrf: csrfTokenFrom(edit2.text),
      name: 'Acme API renamed',
      provider: 'generic-sirh',
      companyIds: '401, 402, 403',
      baseUrl: sirh.url,
      enabled: '1',
      settings: '{}',
      'secret.generic-sirh.apiKey': '',
      'secret.flatchrApiKey': FORM_SECRET,
    });
    expect(partial.status).toBe(303);
    expect((await row('Acme API renamed')).credentials_ciphertext).not.toBe(before);
    const still = await post(`/dashboard/connections/${id}/test`, { _csrf: await token() });
    expect(still.text).toContain('data-ok="1"');
  });

  it('lists the companies whose hires wait, with a link that opens the form for that company', async () => {
    const jobs = [(await deliver(t, hireOf('777', 7701))).syncJobId!, (await deliver(t, hireOf('777', 7702))).syncJobId!];
    for (const id of jobs) await waitForStatus(t, id, ['waiting_connection']);
    const list = await page('/dashboard/connections');
    const tr = /<tr data-company-id="777">[\s\S]*?<\/tr>/.exec(list.text)![0];
    expect(tr).toContain('<td class="num">2</td>');
    expect(tr).toContain('<time datetime=');
    expect(tr).toContain('href="/dashboard/connections/new?companyId=777"');

    const form = await page('/dashboard/connections/new?companyId=777');
    expect(form.text).toContain('name="companyIds" value="777"');
  });

  it('names the connection, provider, outcome, notices, start date to confirm and steps done on a job page', async () => {
    const conn = await row('Acme Form');
    const id = (await deliver(t, hireOf('501', 7801))).syncJobId!;
    await waitForStatus(t, id, ['succeeded']);
    expect(sirhForm.requests.find((r) => r.method === 'POST')?.headers.authorization).toBe(`Bearer ${FORM_SECRET}`);
    let job = await page(`/dashboard/jobs/${id}`);
    expect(job.text).toMatch(
      new RegExp(
        `<dd id="job-connection"><a href="/dashboard/connections/${conn.id}">Acme Form</a> <span class="muted">\\(Generic SIRH\\)</span></dd>`,
      ),
    );
    expect(job.text).toMatch(/<dd id="job-outcome"><span class="status status-created" data-status="created">created<\/span><\/dd>/);

    await t.db.query(
      `UPDATE sync_jobs SET notices = '["Manager not found: set it in the HRIS"]', start_date_to_confirm = true,
              push_steps = jsonb_build_object(connection_id, '{"userCreated": {"at": "2026-11-30T10:00:00.000Z", "data": {"id": "42"}}}'::jsonb)
        WHERE id = $1`,
      [id],
    );
    job = await page(`/dashboard/jobs/${id}`);
    expect(job.text).toContain('<ul class="notices" id="job-notices"><li>Manager not found: set it in the HRIS</li></ul>');
    expect(job.text).toContain('id="start-date-to-confirm"');
    expect(job.text).toMatch(/<li data-step="userCreated"><code>userCreated<\/code> <time datetime="2026-11-30T10:00:00.000Z"/);

    const fr = await page(`/dashboard/jobs/${id}?lang=fr`);
    expect(fr.text).toContain('Étapes faites');
    expect(fr.text).toContain('à confirmer');
  });

  it('speaks French with ?lang=fr, on the list, the form and a refusal', async () => {
    const list = await page('/dashboard/connections?lang=fr');
    expect(list.text).toContain('<html lang="fr">');
    expect(list.text).toContain('Connexions aux SIRH');
    expect(list.text).toContain('Ajouter une connexion');
    expect(list.text).toContain('Embauches en attente d’une connexion');
    expect(list.text).toContain('Ajouter une connexion pour cette entreprise');
    expect(list.text).toContain('fonctionne');

    const form = await page('/dashboard/connections/new?lang=fr');
    expect(form.text).toContain('Nouvelle connexion');
    expect(form.text).toContain('En écriture seule');

    const refused = await post(
      '/dashboard/connections',
      {
        _csrf: csrfTokenFrom(form.text),
        name: 'Fr',
        provider: 'generic-sirh',
        companyIds: '',
        settings: '1',
        'secret.generic-sirh.apiKey': REFUSED_SECRET,
      },
      ops,
      { 'accept-language': 'fr-FR' },
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('La connexion n’a pas été enregistrée : 1 problème.');
    expect(refused.text).toContain('doit être un objet JSON');
    expect(refused.text).not.toContain(REFUSED_SECRET);
  });

  it('shows read-only accounts the list without any form or button, and refuses their actions (403)', async () => {
    const list = await page('/dashboard/connections', viewer);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Acme Form');
    expect(list.text).not.toContain('<form method="post"');
    expect(list.text).not.toContain('add-connection');
    expect(list.text).not.toContain('/dashboard/connections/new');
    expect(list.text).toContain('Read-only account');

    const conn = await row('Acme Form');
    const edit = await page(`/dashboard/connections/${conn.id}`, viewer);
    expect(edit.text).not.toContain('<form method="post"');
    expect(edit.text).not.toContain('type="password"');

    const _csrf = await token(viewer);
    expect((await post(`/dashboard/connections/${conn.id}/test`, { _csrf }, viewer)).status).toBe(403);
    expect((await post(`/dashboard/connections/${conn.id}/delete`, { _csrf }, viewer)).status).toBe(403);
    expect((await post('/dashboard/connections', { _csrf, name: 'RO', provider: 'generic-sirh' }, viewer)).status).toBe(403);
    // An operator's post without its CSRF token is refused too.
    expect((await post(`/dashboard/connections/${conn.id}/delete`, {})).status).toBe(403);
    expect(await row('Acme Form')).toBeDefined();
  });

  it('deletes a connection from its page; its jobs then name it as deleted', async () => {
    const conn = await row('Acme Form');
    const edit = await page(`/dashboard/connections/${conn.id}`);
    expect(edit.text).toContain('data-confirm="Delete the connection “Acme Form”?');
    const res = await post(`/dashboard/connections/${conn.id}/delete`, { _csrf: csrfTokenFrom(edit.text) });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/dashboard/connections?notice=connection-deleted');
    expect(await row('Acme Form')).toBeUndefined();
    expect((await page(res.location!)).text).toContain('Connection deleted.');
    expect((await page(`/dashboard/connections/${conn.id}`)).status).toBe(404);

    const job = (await t.db.query(`SELECT id FROM sync_jobs WHERE connection_id = $1`, [conn.id])).rows[0];
    expect((await page(`/dashboard/jobs/${job.id}`)).text).toContain(`${conn.id} (deleted)`);
  });

  it('never put a secret in any page', () => {
    expect(pages.length).toBeGreaterThan(20);
    for (const p of pages)
      for (const secret of SECRETS) expect({ path: p.path, leaked: p.text.includes(secret) }).toEqual({ path: p.path, leaked: false });
  });
});
