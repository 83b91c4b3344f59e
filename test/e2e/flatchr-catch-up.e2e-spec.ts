import { randomBytes } from 'node:crypto';
import { addDays, toFlatchrFilterDate } from '../../src/flatchr/api/flatchr-day';
import { FlatchrWriteBackWorker } from '../../src/flatchr/catch-up/flatchr-write-back.worker';
import { DeliveriesRepository } from '../../src/webhooks/deliveries.repository';
import { demoHires, demoVacancies, encodedId } from '../../src/mock-flatchr/mock-flatchr.seed';
import { MockFlatchr, MockFlatchrApplicant, startFlatchrMock } from '../../src/mock-flatchr/mock-flatchr.server';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';
import { hiredDelivery } from '../support/fixtures';
import { SIRH_API_KEY, TestApp, TestResponse, startTestApp } from '../support/test-app';

const COMPANY_KEY = 'G6KzqPnNLyp31m0l';
const COMPANY_ID = '60';
const FLATCHR_KEY = 'flatchr-api-key-test-0123';
const USER = { email: 'writeback@example.com', password: 'writeback-password-1' };
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function api(t: TestApp, method: string, path: string, json?: unknown): Promise<TestResponse> {
  return fetch(`${t.url}${path}`, {
    method,
    headers: { ...ops, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
}

/** A hired applicant of the mock, updated `ago` ms back, in the CDD vacancy (contract id 2 = "CDD" in the referential). */
function hireOf(candidateId: number, ago = HOUR): MockFlatchrApplicant {
  const updated = new Date(Date.now() - ago);
  return {
    id: encodedId('App', candidateId),
    candidateId,
    firstname: `Prénom${candidateId}`,
    lastname: `Nom${candidateId}`,
    email: `candidate${candidateId}@example.com`,
    vacancyId: encodedId('Vac', 2),
    column: 'Recruté',
    hired: true,
    createdAt: new Date(updated.getTime() - 10 * DAY).toISOString(),
    updatedAt: updated.toISOString(),
  };
}

describe("Flatchr catch-up, backfill and write-back (Flatchr's REST API mock in-process, the mock SIRH as HRIS)", () => {
  let t: TestApp;
  let flatchr: MockFlatchr;
  let connectionId: string;

  const jobsOf = async (candidateId: number) =>
    (
      await t.db.query(
        `SELECT j.* FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id WHERE d.company_id = $1 AND d.candidate_id = $2`,
        [COMPANY_ID, String(candidateId)],
      )
    ).rows;
  const creates = (candidateId: number) =>
    t.sirh.requests.filter(
      (r) => r.method === 'POST' && r.path === '/employees' && (r.body as any)?.externalId === `flatchr:${COMPANY_ID}:${candidateId}`,
    );
  const connection = async () => (await api(t, 'GET', `/api/connections/${connectionId}`)).json();
  /** Waits for catch-up passes that started after now: what Flatchr holds now has been read. */
  const afterNextCatchUps = async (passes = 2) => {
    for (let i = 0; i < passes; i++) {
      const before = (await connection()).flatchr.lastCatchUpAt;
      await t.waitFor(async () => (await connection()).flatchr.lastCatchUpAt !== before, 'a catch-up pass');
    }
  };

  beforeAll(async () => {
    flatchr = await startFlatchrMock({
      apiKey: FLATCHR_KEY,
      companyKey: COMPANY_KEY,
      users: [USER],
      vacancies: demoVacancies(COMPANY_KEY),
    });
    t = await startTestApp({
      CREDENTIALS_KEY: randomBytes(32).toString('hex'),
      FLATCHR_API_URL: flatchr.url,
      FLATCHR_CATCHUP_INTERVAL_MS: '1500',
      LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent',
      // The SIRH of SIRH_BASE_URL serves no company here: company 60 goes through its connection.
    });
    const res = await api(t, 'POST', '/api/connections', {
      name: 'Acme',
      provider: 'generic-sirh',
      companyIds: [COMPANY_ID],
      baseUrl: t.sirh.url,
      credentials: { apiKey: SIRH_API_KEY, flatchrApiKey: FLATCHR_KEY, flatchrUserEmail: USER.email, flatchrUserPassword: USER.password },
      settings: { flatchrCompanyKey: COMPANY_KEY, flatchrWriteBack: 'comment' },
    });
    expect(res.status).toBe(201);
    connectionId = (await res.json()).id;
  });
  afterAll(async () => {
    await t?.close();
    await flatchr?.close();
  });

  it('refuses a bad flatchrWriteBack field by field', async () => {
    const res = await api(t, 'PATCH', `/api/connections/${connectionId}`, {
      settings: { flatchrCompanyKey: COMPANY_KEY, flatchrWriteBack: 'mail' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).fields).toEqual([expect.objectContaining({ field: 'settings.flatchrWriteBack' })]);
  });

  it('creates a hire whose webhook never came (source flatchr-api), its CDD label mapped, and writes it back once', async () => {
    flatchr.addApplicants(hireOf(7001));
    const job = await t.waitFor(async () => (await jobsOf(7001)).find((j) => j.status === 'succeeded'), 'the caught-up hire to be synced');
    expect(job.source).toBe('flatchr-api');
    const [employee] = t.sirh.employees().filter((e) => e.externalId === `flatchr:${COMPANY_ID}:7001`);
    expect(employee).toMatchObject({ firstName: 'Prénom7001', contractType: 'CDD' });

    const list = await (await api(t, 'GET', `/api/sync-jobs?q=7001`)).json();
    expect(list.items[0]).toMatchObject({ id: job.id, source: 'flatchr-api' });

    const written = await t.waitFor(
      async () =>
        (
          await t.db.query(`SELECT write_back_status, write_back_detail FROM sync_jobs WHERE id = $1 AND write_back_status = 'done'`, [
            job.id,
          ])
        ).rows[0],
      'the write-back',
    );
    expect(written.write_back_detail).toContain(`id ${employee.id}`);
    const comments = flatchr.comments.filter((c) => c.applicantId === encodedId('App', 7001));
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ userEmail: USER.email, text: expect.stringContaining(`Created in`) });

    // What the dashboard needs to say why a drag_applicant was not a hire.
    const columns = await (await api(t, 'GET', `/api/connections/${connectionId}/flatchr/hired-columns`)).json();
    expect(columns).toEqual({ hiredColumns: [{ id: '696', title: 'Recruté', hired: true }] });

    const view = await connection();
    expect(view.flatchr).toMatchObject({ companyKey: COMPANY_KEY, writeBack: 'comment', keyRefused: false, lastCatchUpError: null });
    expect(view.flatchr.foundWithoutWebhook).toBeGreaterThanOrEqual(1);
    expect(view.flatchr.lastCatchUpAt).not.toBeNull();
    // Later passes find the same applicant again (day precision) and leave it alone.
    await afterNextCatchUps();
    expect(await jobsOf(7001)).toHaveLength(1);
    expect(flatchr.comments.filter((c) => c.applicantId === encodedId('App', 7001))).toHaveLength(1);
  });

  it('webhook first, then catch-up: one job, one employee, one HRIS create', async () => {
    const sent = await deliver(t, hiredDelivery(7002));
    await waitForStatus(t, sent.syncJobId!, ['succeeded']);
    flatchr.addApplicants(hireOf(7002));
    await afterNextCatchUps();
    const jobs = await jobsOf(7002);
    expect(jobs.map((j) => j.source)).toEqual(['webhook']);
    expect(creates(7002)).toHaveLength(1);
    expect(t.sirh.employees().filter((e) => e.externalId === `flatchr:${COMPANY_ID}:7002`)).toHaveLength(1);
  });

  it('catch-up first, then the webhook: the webhook is a duplicate, one HRIS create', async () => {
    flatchr.addApplicants(hireOf(7003));
    await t.waitFor(async () => (await jobsOf(7003)).find((j) => j.status === 'succeeded'), 'the caught-up hire');
    const late = await deliver(t, hiredDelivery(7003));
    expect(late.status).toBe('duplicate');
    expect(await jobsOf(7003)).toHaveLength(1);
    expect(creates(7003)).toHaveLength(1);
  });

  it('a failing write-back never fails the hire: the hire succeeds, the note is retried and written once', async () => {
    const path = `/applicant/${encodedId('App', 7004)}/comment`;
    flatchr.enqueueFaults({ status: 503, path }, { status: 503, path });
    flatchr.addApplicants(hireOf(7004));
    const job = await t.waitFor(async () => (await jobsOf(7004)).find((j) => j.status === 'succeeded'), 'the hire despite Flatchr');
    await t.waitFor(
      async () => (await t.db.query(`SELECT 1 FROM sync_jobs WHERE id = $1 AND write_back_status = 'done'`, [job.id])).rows[0],
      'the write-back after its retries',
    );
    expect(flatchr.apiRequests(path).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(flatchr.comments.filter((c) => c.applicantId === encodedId('App', 7004))).toHaveLength(1);
    expect((await t.db.query(`SELECT status FROM sync_jobs WHERE id = $1`, [job.id])).rows[0].status).toBe('succeeded');
    const events = (await t.db.query(`SELECT detail FROM sync_job_events WHERE sync_job_id = $1 AND type = 'write_back'`, [job.id])).rows;
    expect(events).toEqual([{ detail: expect.stringContaining('Flatchr write-back done') }]);
  });

  it('writes a webhook hire back on the applicant found by email (webhooks carry a plain applicant id)', async () => {
    // Not hired in Flatchr's search: the catch-up leaves it alone, the webhook brings it.
    flatchr.addApplicants({ ...hireOf(7007), hired: false, column: 'Pré-qualification RH' });
    const sent = await deliver(t, hiredDelivery(7007));
    expect(sent.status).toBe('queued');
    await t.waitFor(
      async () => (await t.db.query(`SELECT 1 FROM sync_jobs WHERE id = $1 AND write_back_status = 'done'`, [sent.syncJobId])).rows[0],
      'the write-back of the webhook hire',
    );
    expect(flatchr.comments.filter((c) => c.applicantId === encodedId('App', 7007))).toHaveLength(1);
  });

  it('tag mode fills the company tag with the note', async () => {
    const res = await api(t, 'PATCH', `/api/connections/${connectionId}`, {
      settings: { flatchrCompanyKey: COMPANY_KEY, flatchrWriteBack: 'tag' },
    });
    expect(res.status).toBe(200);
    flatchr.addApplicants(hireOf(7006));
    const job = await t.waitFor(async () => (await jobsOf(7006)).find((j) => j.status === 'succeeded'), 'the caught-up hire');
    await t.waitFor(
      async () => (await t.db.query(`SELECT 1 FROM sync_jobs WHERE id = $1 AND write_back_status = 'done'`, [job.id])).rows[0],
      'the tag write-back',
    );
    expect(flatchr.traits.filter((x) => x.applicantId === encodedId('App', 7006))).toEqual([
      { applicantId: encodedId('App', 7006), tag: '5gQayv9L1Qp6LXE4', value: expect.stringContaining('Created in') },
    ]);
    expect(flatchr.comments.filter((c) => c.applicantId === encodedId('App', 7006))).toHaveLength(0);
  });

  it('backfill: 400 for a bad or future day and a connection without Flatchr access, 404 for unknown ones', async () => {
    expect((await api(t, 'POST', `/api/connections/${connectionId}/backfill`, { since: '2026-02-30' })).status).toBe(400);
    expect((await api(t, 'POST', `/api/connections/${connectionId}/backfill`, { since: '01/02/2026' })).status).toBe(400);
    const tomorrow = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    expect((await api(t, 'POST', `/api/connections/${connectionId}/backfill`, { since: tomorrow })).status).toBe(400);
    const other = await api(t, 'POST', '/api/connections', {
      name: 'Webhooks only',
      provider: 'generic-sirh',
      companyIds: ['61'],
      baseUrl: t.sirh.url,
      credentials: { apiKey: SIRH_API_KEY },
    });
    const otherId = (await other.json()).id;
    expect((await connection()).flatchr).not.toBeNull();
    expect((await (await api(t, 'GET', `/api/connections/${otherId}`)).json()).flatchr).toBeNull();
    expect((await api(t, 'POST', `/api/connections/${otherId}/backfill`, { since: '2026-01-01' })).status).toBe(400);
    expect((await api(t, 'GET', `/api/connections/${otherId}/flatchr/hired-columns`)).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api(t, 'POST', `/api/connections/${unknown}/backfill`, { since: '2026-01-01' })).status).toBe(404);
    expect((await api(t, 'GET', `/api/connections/${connectionId}/backfill/${unknown}`)).status).toBe(404);
    // Actions need the JSON body (or the dashboard's token) as CSRF proof.
    const form = await fetch(`${t.url}/api/connections/${connectionId}/backfill`, {
      method: 'POST',
      headers: { ...ops, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'since=2026-01-01',
    });
    expect(form.status).toBe(403);
  });

  it("backfill of 200 hires: counts reported, one job each, within Flatchr's request budget", async () => {
    // 200 notes would take 200 s more of Flatchr's budget: write-back is tested above.
    const off = await api(t, 'PATCH', `/api/connections/${connectionId}`, {
      settings: { flatchrCompanyKey: COMPANY_KEY, flatchrWriteBack: 'off' },
    });
    expect(off.status).toBe(200);
    // Older than the catch-up's window, so only the backfill finds them.
    const hires = demoHires({
      count: 200,
      latest: new Date(Date.now() - 15 * DAY),
      spacingMs: 3 * HOUR,
      vacancies: demoVacancies(COMPANY_KEY),
      firstCandidateId: 8000,
    });
    // And one Flatchr holds without a last name: not a hire HireBridge can create.
    flatchr.addApplicants(...hires, { ...hireOf(8500, 20 * DAY), lastname: '' });
    const startedAt = Date.now();
    const since = new Date(Date.now() - 45 * DAY).toISOString().slice(0, 10);
    const res = await api(t, 'POST', `/api/connections/${connectionId}/backfill`, { since });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const done = await t.waitFor(
      async () => {
        const progress = await (await api(t, 'GET', `/api/connections/${connectionId}/backfill/${id}`)).json();
        return progress.status === 'succeeded' || progress.status === 'failed' ? progress : null;
      },
      'the backfill to finish',
      240_000,
    );
    // The hires of the tests above (7001-7004, 7006) are in the range too: known already.
    expect(done).toMatchObject({ status: 'succeeded', found: 206, created: 200, duplicates: 5, failed: 1 });
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT d.candidate_id)::int AS people FROM sync_jobs j JOIN deliveries d ON d.id = j.delivery_id
        WHERE j.source = 'flatchr-api' AND d.candidate_id::int BETWEEN 8000 AND 8199`,
    );
    expect(rows[0]).toEqual({ n: 200, people: 200 });

    // Flatchr's budget: one request per second per company, whoever asks (catch-up and backfill together).
    const requests = flatchr.requests.filter((r) => r.receivedAt.getTime() >= startedAt);
    expect(requests.length).toBeGreaterThan(5);
    // Network jitter between the limiter's clock and the mock's: a few tens of ms.
    const tooClose = requests
      .slice(1)
      .map((r, i) => ({ gapMs: r.receivedAt.getTime() - requests[i].receivedAt.getTime(), calls: `${requests[i].path} -> ${r.path}` }))
      .filter((pair) => pair.gapMs < 900);
    expect(tooClose).toEqual([]);
    if (process.env.DEBUG_LOG)
      console.log(requests.map((r) => `${r.receivedAt.toISOString()} ${r.method} ${r.path} ${JSON.stringify(r.body ?? '')}`).join('\n'));
  });

  it('a backfill whose process stopped is resumed from its saved progress, its counts kept', async () => {
    const resumeFrom = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    const since = new Date(Date.now() - 45 * DAY).toISOString().slice(0, 10);
    // As a worker that died mid-run left it: running, not refreshed for minutes, 7 hires counted before the 10-day mark.
    const {
      rows: [row],
    } = await t.db.query(
      `INSERT INTO flatchr_backfills (connection_id, since, status, found, created, done_until, requested_by, claimed_at)
       VALUES ($1, $2, 'running', 7, 7, $3, 'ops', now() - interval '10 minutes') RETURNING id`,
      [connectionId, since, resumeFrom],
    );
    const searchesBefore = flatchr.apiRequests('/search/applicants').length;
    // Up to 90 s: the backfill may first wait for a catch-up holding the company's lock (up to a minute), then reads at 1 request a second.
    const done = await t.waitFor(
      async () => {
        const progress = await (await api(t, 'GET', `/api/connections/${connectionId}/backfill/${row.id}`)).json();
        return progress.status === 'succeeded' || progress.status === 'failed' ? progress : null;
      },
      'the resumed backfill',
      90_000,
    );
    // Only the hires of the last ten days (7001-7004, 7006) were read again: known already.
    expect(done).toMatchObject({ status: 'succeeded', found: 12, created: 7, duplicates: 5, failed: 0 });
    const resumed = flatchr
      .apiRequests('/search/applicants')
      .slice(searchesBefore)
      .map((r) => (r.body as Record<string, string>).start_update);
    expect(resumed).toContain(toFlatchrFilterDate(resumeFrom));
    expect(resumed).not.toContain(toFlatchrFilterDate(addDays(since, -1)));
  });

  it('a write-back whose queue entry was lost (Redis down) is queued again by the sweep and written once', async () => {
    const on = await api(t, 'PATCH', `/api/connections/${connectionId}`, {
      settings: { flatchrCompanyKey: COMPANY_KEY, flatchrWriteBack: 'comment' },
    });
    expect(on.status).toBe(200);
    // As if the hire was synced an hour ago and its write-back never reached Redis.
    const [job] = await jobsOf(8000);
    await t.db.query(`UPDATE sync_jobs SET write_back_status = 'pending', finished_at = now() - interval '1 hour' WHERE id = $1`, [job.id]);
    const sweep = t.started.app.get(FlatchrWriteBackWorker, { strict: false });
    expect(await sweep.requeueLost()).toBe(1);
    await t.waitFor(
      async () => (await t.db.query(`SELECT 1 FROM sync_jobs WHERE id = $1 AND write_back_status = 'done'`, [job.id])).rows[0],
      'the swept write-back',
    );
    expect(await sweep.requeueLost()).toBe(0);
    expect(flatchr.comments.filter((c) => c.applicantId === encodedId('App', 8000))).toHaveLength(1);
  });

  it('a hire moved a minute ago is left to its webhook, which then is no duplicate', async () => {
    flatchr.addApplicants(hireOf(7010, 60 * 1000));
    await afterNextCatchUps();
    expect(await jobsOf(7010)).toEqual([]);
    const sent = await deliver(t, hiredDelivery(7010));
    expect(sent.status).toBe('queued');
  });

  it("the alerts' Flatchr-silence rule sees webhook calls only, not the hires the catch-up stored", async () => {
    const webhook = await deliver(t, hiredDelivery(7008));
    flatchr.addApplicants(hireOf(7009));
    const apiHire = await t.waitFor(async () => (await jobsOf(7009))[0], 'a hire stored by the catch-up after the webhook');
    const latest = await t.started.app.get(DeliveriesRepository, { strict: false }).latest();
    expect(latest).not.toBeNull();
    const { rows } = await t.db.query(`SELECT received_at FROM deliveries WHERE id = $1`, [webhook.id]);
    expect(latest!.receivedAt).toEqual(rows[0].received_at);
    expect(apiHire.source).toBe('flatchr-api');
  });

  it('a refused Flatchr key is shown on the connection (keyRefused), the webhook path keeps working', async () => {
    flatchr.expireApiKey();
    const view = await t.waitFor(async () => {
      const c = await connection();
      // Any call with the key may notice first (a write-back, a referential); the catch-up says it too.
      return c.flatchr.keyRefused && c.flatchr.lastCatchUpError ? c : null;
    }, 'the refused key on the connection');
    expect(view.flatchr.lastCatchUpError).toMatch(/refused the API key/);
    const sent = await deliver(t, hiredDelivery(7005));
    await waitForStatus(t, sent.syncJobId!, ['succeeded']);
  });
});
