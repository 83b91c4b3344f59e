import { randomBytes } from 'node:crypto';
import { demoHires, demoVacancies } from '../../src/mock-flatchr/mock-flatchr.seed';
import { MockFlatchr, startFlatchrMock } from '../../src/mock-flatchr/mock-flatchr.server';
import { csrfTokenFrom, deliver, ops, postAs, READONLY, viewer } from '../support/dashboard-helpers';
import { hiredDelivery } from '../support/fixtures';
import { SIRH_API_KEY, TestApp, startTestApp } from '../support/test-app';

const COMPANY_KEY = 'G6KzqPnNLyp31m0l';
const COMPANY_ID = '61';
const FLATCHR_KEY = 'flatchr-api-key-dashboard-4567';
const DAY = 24 * 60 * 60 * 1000;

/**
 * The Flatchr link on a connection's dashboard page, on the real service, Postgres and Redis with
 * Flatchr's API mock in-process: its health, the backfill form and its progress, read-only accounts.
 */
describe('dashboard: Flatchr link of a connection', () => {
  let t: TestApp;
  let flatchr: MockFlatchr;
  let connectionId: string;
  let plainId: string;

  const page = async (path: string, auth = ops) => {
    const res = await t.get(path, auth);
    return { status: res.status, text: await res.text() };
  };
  const backfillRows = async () =>
    (await t.db.query(`SELECT * FROM flatchr_backfills WHERE connection_id = $1 ORDER BY created_at`, [connectionId])).rows;

  beforeAll(async () => {
    const vacancies = demoVacancies(COMPANY_KEY);
    flatchr = await startFlatchrMock({
      apiKey: FLATCHR_KEY,
      companyKey: COMPANY_KEY,
      vacancies,
      // Older than any catch-up window: only a backfill finds them.
      applicants: demoHires({ count: 3, latest: new Date(Date.now() - 3 * DAY), vacancies, firstCandidateId: 9100 }),
    });
    t = await startTestApp({
      CREDENTIALS_KEY: randomBytes(32).toString('hex'),
      FLATCHR_API_URL: flatchr.url,
      // The health shown is set in the table below; the catch-up's counting is tested in flatchr-catch-up.
      FLATCHR_CATCHUP_INTERVAL_MS: '0',
      DASHBOARD_READONLY_USER: READONLY.user,
      DASHBOARD_READONLY_PASSWORD: READONLY.password,
      LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent',
    });
    const created = await postAs(t, ops, '/api/connections', {
      json: {
        name: 'Acme Flatchr',
        provider: 'generic-sirh',
        companyIds: [COMPANY_ID],
        baseUrl: t.sirh.url,
        credentials: { apiKey: SIRH_API_KEY, flatchrApiKey: FLATCHR_KEY },
        settings: { flatchrCompanyKey: COMPANY_KEY, flatchrWriteBack: 'off', hiredColumns: ['Signé'] },
      },
    });
    expect(created.status).toBe(201);
    connectionId = ((await created.json()) as { id: string }).id;
    const plain = await postAs(t, ops, '/api/connections', {
      json: {
        name: 'Webhooks only',
        provider: 'generic-sirh',
        companyIds: ['62'],
        baseUrl: t.sirh.url,
        credentials: { apiKey: SIRH_API_KEY },
      },
    });
    expect(plain.status).toBe(201);
    plainId = ((await plain.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
    await flatchr?.close();
  });

  it('shows the last catch-up, hires found without a webhook and a refused key, in English and French', async () => {
    await t.db.query(
      `UPDATE connections SET flatchr_found_without_webhook = 3, flatchr_key_refused = true, flatchr_last_catch_up_at = now(),
              flatchr_last_catch_up_error = 'Flatchr refused the API key (401)' WHERE id = $1`,
      [connectionId],
    );
    try {
      const en = await page(`/dashboard/connections/${connectionId}?lang=en`);
      expect(en.status).toBe(200);
      expect(en.text).toContain('id="flatchr-link"');
      expect(en.text).toMatch(/id="flatchr-found-without-webhook" data-count="3">3/);
      expect(en.text).toContain('3 hires came only through the catch-up: the sign of a missing or misconfigured webhook');
      expect(en.text).toMatch(/id="flatchr-key-refused"[^>]*>Flatchr refused the API key: it expired \(keys last 365 days\)/);
      expect(en.text).toContain('Flatchr refused the API key (401)');
      expect(en.text).toMatch(/id="flatchr-last-catch-up"><time/);
      expect(en.text).toContain('id="flatchr-write-back" data-mode="off"');

      const list = await page('/dashboard/connections?lang=en');
      const row = new RegExp(`<tr data-connection-id="${connectionId}">[\\s\\S]*?</tr>`).exec(list.text)?.[0] ?? '';
      expect(row).toContain('data-flatchr="key-refused">Flatchr API key refused (expired?)');
      expect(row).toContain('data-flatchr="found-without-webhook">3 hires found without their webhook');

      const fr = await page(`/dashboard/connections/${connectionId}?lang=fr`);
      expect(fr.text).toContain('Lien avec Flatchr');
      expect(fr.text).toContain('3 embauches ne sont arrivées que par le rattrapage : le signe d’un webhook absent ou mal configuré');
      expect(fr.text).toContain('(les clés durent 365 jours)');
    } finally {
      await t.db.query(
        `UPDATE connections SET flatchr_found_without_webhook = 0, flatchr_key_refused = false, flatchr_last_catch_up_error = NULL WHERE id = $1`,
        [connectionId],
      );
    }
    const clean = await page(`/dashboard/connections/${connectionId}?lang=en`);
    expect(clean.text).not.toContain('id="flatchr-key-refused"');
    expect(clean.text).not.toContain('misconfigured webhook');
    expect((await page('/dashboard/connections?lang=en')).text).not.toContain('data-flatchr=');
  });

  it('shows no Flatchr link for a connection without Flatchr access', async () => {
    const res = await page(`/dashboard/connections/${plainId}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('id="flatchr-link"');
  });

  it('read-only accounts see the link without the backfill form, and get 403 on its POST', async () => {
    const res = await page(`/dashboard/connections/${connectionId}`, viewer);
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="flatchr-link"');
    expect(res.text).not.toContain('id="backfill-form"');
    const _csrf = csrfTokenFrom(res.text);
    const post = await postAs(t, viewer, `/dashboard/connections/${connectionId}/backfill`, { form: { _csrf, since: '2026-01-01' } });
    expect(post.status).toBe(403);
    expect(await backfillRows()).toHaveLength(0);
  });

  it('refuses a backfill without the CSRF token, and a day in the future with the reason on the page', async () => {
    const noToken = await postAs(t, ops, `/dashboard/connections/${connectionId}/backfill`, { form: { since: '2026-01-01' } });
    expect(noToken.status).toBe(403);
    const _csrf = csrfTokenFrom((await page(`/dashboard/connections/${connectionId}`)).text);
    const future = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    const res = await postAs(t, ops, `/dashboard/connections/${connectionId}/backfill?lang=en`, { form: { _csrf, since: future } });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="backfill-refused"[^>]*>The backfill was not started: since: /);
    expect(await backfillRows()).toHaveLength(0);
  });

  it("says which columns count for an ignored drag_applicant: Flatchr's from the cache only, and the connection's", async () => {
    const body = hiredDelivery(9300);
    body.company_id = Number(COMPANY_ID);
    body.data.column = { id: 695, title: 'Pré-qualification RH', hired: false };
    const sent = await deliver(t, body);
    expect(sent.status).toBe('ignored');
    const why = async (lang: string) => {
      const text = (await page(`/dashboard/deliveries?lang=${lang}`)).text;
      const row = new RegExp(`<tr data-delivery-id="${sent.id}">[\\s\\S]*?</tr>`).exec(text)?.[0] ?? '';
      return /<span class="why"[^>]*>([^<]*)<\/span>/.exec(row)?.[1] ?? '';
    };
    // Nothing cached: the page does not ask Flatchr, and names the connection's own columns.
    const before = flatchr.apiRequests('/columns').length;
    expect(await why('en')).toBe(
      'Moved to “Pré-qualification RH”, which is not a hired column. Hired columns for this company: those Flatchr flags as hired; “Signé” (the connection’s settings.hiredColumns).',
    );
    expect(flatchr.apiRequests('/columns')).toHaveLength(before);
    // Once read (here through the API), Flatchr's list is named from the cache.
    expect((await t.get(`/api/connections/${connectionId}/flatchr/hired-columns`, ops)).status).toBe(200);
    const read = flatchr.apiRequests('/columns').length;
    expect(await why('en')).toContain('Hired columns for this company: flagged hired in Flatchr: “Recruté” (696); “Signé”');
    expect(await why('fr')).toContain('Colonnes d&#39;embauche de cette entreprise : marquées « hired » dans Flatchr : “Recruté” (696)');
    expect(flatchr.apiRequests('/columns')).toHaveLength(read);
  });

  it('starts a backfill from the form, then shows its progress bar with the counts once done', async () => {
    const form = await page(`/dashboard/connections/${connectionId}?lang=en`);
    expect(form.text).toContain('id="backfill-form"');
    expect(form.text).toContain('No backfill yet.');
    const since = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    const res = await postAs(t, ops, `/dashboard/connections/${connectionId}/backfill`, {
      form: { _csrf: csrfTokenFrom(form.text), since },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/dashboard/connections/${connectionId}#flatchr-link`);
    const rows = await backfillRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ requested_by: 'ops' });
    const id = rows[0].id as string;
    // While it is under way (the worker paces its Flatchr calls): a bar without a value, refreshed in place.
    const running = await page(`/dashboard/connections/${connectionId}?lang=en`);
    const state = new RegExp(`<tr data-backfill-id="${id}" data-status="([a-z]+)">[\\s\\S]*?</tr>`).exec(running.text);
    if (state && (state[1] === 'pending' || state[1] === 'running')) {
      expect(state[0]).toMatch(/<progress aria-label="[^"]*"><\/progress>/);
      expect(running.text).toContain(`data-refresh="/dashboard/connections/${connectionId}/backfills"`);
      expect(running.text).toContain('id="backfill-refresh"');
    }

    const done = await t.waitFor(async () => {
      const [row] = await backfillRows();
      return row.status === 'succeeded' || row.status === 'failed' ? row : null;
    }, 'the backfill to finish');
    expect(done).toMatchObject({ status: 'succeeded', found: 3, created: 3, duplicates: 0, failed: 0 });

    const after = await page(`/dashboard/connections/${connectionId}?lang=en`);
    const row = new RegExp(`<tr data-backfill-id="${id}" data-status="succeeded">[\\s\\S]*?</tr>`).exec(after.text)?.[0] ?? '';
    expect(row).toContain(`<code>${since}</code>`);
    expect(row).toMatch(/<progress value="3" max="3"/);
    expect(row).toContain('3 found, 3 created, 0 duplicates, 0 failed');
    expect(after.text).not.toContain('id="backfill-refresh"');
    expect(after.text).not.toContain(`data-refresh="/dashboard/connections/${connectionId}/backfills"`);
    const fragment = await t.get(`/dashboard/connections/${connectionId}/backfills?lang=en`, ops);
    expect(fragment.status).toBe(200);
    expect(fragment.headers.get('x-refresh-stop')).toBe('1');
    expect(await fragment.text()).toMatch(/<progress value="3" max="3"/);
    const fr = await page(`/dashboard/connections/${connectionId}?lang=fr`);
    expect(fr.text).toContain('3 trouvées, 3 créées, 0 doublons, 0 en échec');
  });
});
