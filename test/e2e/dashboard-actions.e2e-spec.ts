import { hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';
import { csrfTokenFrom, deliver, ops, postAs, READONLY, viewer, waitForStatus } from '../support/dashboard-helpers';

const REJECT = { status: 422, body: { error: 'validation_failed', details: [{ field: 'email', message: 'invalid' }] } };

describe('dashboard actions: retry, bulk retry, replay', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      SYNC_MAX_ATTEMPTS: '2',
      DASHBOARD_READONLY_USER: READONLY.user,
      DASHBOARD_READONLY_PASSWORD: READONLY.password,
    });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.sirh.reset());

  /** A hire whose first SIRH call is refused with 422, so it ends failed. */
  async function failedJob(candidateId: number): Promise<string> {
    t.sirh.enqueueFaults(REJECT);
    const { syncJobId } = await deliver(t, hiredDelivery(candidateId));
    await waitForStatus(t, syncJobId!, ['failed']);
    return syncJobId!;
  }
  const events = (id: string) =>
    t.db
      .query('SELECT type, from_status, to_status, actor FROM sync_job_events WHERE sync_job_id = $1 ORDER BY at, id', [id])
      .then((r) => r.rows);

  it('retries one failed job through the API; the retry is on its timeline and the job succeeds', async () => {
    const id = await failedJob(8001);
    const res = await postAs(t, ops, `/api/sync-jobs/${id}/retry`, { json: {} });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id, action: 'retry', status: 'queued', run: 1, enqueued: true });
    const job = await waitForStatus(t, id, ['succeeded']);
    expect(job.hris_id).toBe('emp_1');
    expect(job.attempt_count).toBe(2);
    expect(job.run).toBe(1);

    expect(await events(id)).toEqual([
      { type: 'status', from_status: 'queued', to_status: 'failed', actor: 'worker' },
      { type: 'retry', from_status: 'failed', to_status: 'queued', actor: 'ops' },
      { type: 'status', from_status: 'queued', to_status: 'succeeded', actor: 'worker' },
    ]);
    const detail = await (await t.get(`/api/sync-jobs/${id}`, ops)).json();
    expect(detail.events.map((e: any) => e.type)).toContain('retry');
    expect(detail.attempts.map((a: any) => a.httpStatus)).toEqual([422, 201]);

    // Not failed any more: a second retry is a conflict and changes nothing.
    expect((await postAs(t, ops, `/api/sync-jobs/${id}/retry`, { json: {} })).status).toBe(409);
    expect((await postAs(t, ops, '/api/sync-jobs/00000000-0000-0000-0000-000000000000/retry', { json: {} })).status).toBe(404);
  });

  it('retries from the HTML form with its CSRF token, and refuses a form post without one', async () => {
    const id = await failedJob(8002);
    const page = await (await t.get(`/dashboard/jobs/${id}`, ops)).text();
    const token = csrfTokenFrom(page);
    expect(page).toContain(`name="_csrf" value="${token}"`);

    expect((await postAs(t, ops, `/dashboard/jobs/${id}/retry`, { form: {} })).status).toBe(403);
    expect((await postAs(t, ops, `/dashboard/jobs/${id}/retry`, { form: { _csrf: 'bogus.token' } })).status).toBe(403);
    // A JSON body from another site is refused too (cross-site fetch with credentials).
    expect((await postAs(t, ops, `/api/sync-jobs/${id}/retry`, { json: {}, headers: { origin: 'https://evil.example' } })).status).toBe(
      403,
    );
    expect((await postAs(t, ops, `/api/sync-jobs/${id}/retry`, { json: {}, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(
      403,
    );
    expect((await t.db.query('SELECT status FROM sync_jobs WHERE id = $1', [id])).rows[0].status).toBe('failed');

    const res = await postAs(t, ops, `/dashboard/jobs/${id}/retry`, { form: { _csrf: token } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/dashboard/jobs/${id}?notice=retried`);
    await waitForStatus(t, id, ['succeeded']);
    const after = await (await t.get(`/dashboard/jobs/${id}?notice=retried`, ops)).text();
    expect(after).toContain('Retry queued.');
    expect(after).toMatch(/retry: failed → queued/);
  });

  it('gives read-only users the pages but 403 on every action', async () => {
    const id = await failedJob(8003);
    expect((await t.get('/dashboard', viewer)).status).toBe(200);
    expect((await t.get('/api/sync-jobs', viewer)).status).toBe(200);
    const page = await (await t.get(`/dashboard/jobs/${id}`, viewer)).text();
    expect(page).not.toContain('id="retry"');
    expect(page).toContain('Read-only account');
    const token = csrfTokenFrom(page);

    expect((await postAs(t, viewer, `/api/sync-jobs/${id}/retry`, { json: {} })).status).toBe(403);
    expect((await postAs(t, viewer, `/api/sync-jobs/${id}/replay`, { json: {} })).status).toBe(403);
    expect((await postAs(t, viewer, '/api/sync-jobs/retry', { json: {} })).status).toBe(403);
    expect((await postAs(t, viewer, `/dashboard/jobs/${id}/retry`, { form: { _csrf: token } })).status).toBe(403);
    const boardRetry = await fetch(`${t.url}/queues/api/queues/hire-sync/retry/failed`, { method: 'PUT', headers: viewer });
    expect(boardRetry.status).toBe(403);
    expect((await t.db.query('SELECT status FROM sync_jobs WHERE id = $1', [id])).rows[0].status).toBe('failed');
  });

  it('bulk-retries the failed jobs matching the filter, and only those', async () => {
    // A failed job outside the filter (candidate8190 does not contain "candidate810"), made here.
    const outside = await failedJob(8190);
    const a = await failedJob(8101);
    const b = await failedJob(8102);
    const res = await postAs(t, ops, '/api/sync-jobs/retry?status=failed&q=candidate810', { json: {} });
    expect(res.status).toBe(202);
    const body: any = await res.json();
    expect(body.retried).toBe(2);
    expect(body.ids.sort()).toEqual([a, b].sort());
    await waitForStatus(t, a, ['succeeded']);
    await waitForStatus(t, b, ['succeeded']);
    expect((await t.db.query('SELECT status FROM sync_jobs WHERE id = $1', [outside])).rows[0].status).toBe('failed');

    // The dashboard's bulk form: the filter travels in hidden fields.
    // Every job failed at this moment is in the form's filter, whatever earlier tests left behind.
    const failedNow: string[] = (await t.db.query(`SELECT id FROM sync_jobs WHERE status = 'failed'`)).rows.map((r) => r.id);
    expect(failedNow).toContain(outside);
    const page = await (await t.get('/dashboard?status=failed', ops)).text();
    expect(page).toContain('id="bulk-retry"');
    const r = await postAs(t, ops, '/dashboard/jobs/retry', { form: { _csrf: csrfTokenFrom(page), status: 'failed' } });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/dashboard?status=failed&notice=bulk-retried');
    await t.waitFor(
      async () => (await t.db.query(`SELECT count(*)::int AS n FROM sync_jobs WHERE status <> 'succeeded'`)).rows[0].n === 0,
      'every job to have succeeded',
    );
    const bulkRetried = (await t.db.query(`SELECT sync_job_id FROM sync_job_events WHERE type = 'retry' AND actor = 'ops (bulk)'`)).rows;
    expect(bulkRetried.map((r) => r.sync_job_id).sort()).toEqual([a, b, ...failedNow].sort());
  });

  it('replays a succeeded job from its stored delivery without creating the person twice', async () => {
    const { syncJobId } = await deliver(t, hiredDelivery(8201));
    const id = syncJobId!;
    const first = await waitForStatus(t, id, ['succeeded']);
    expect((await postAs(t, ops, `/api/sync-jobs/${id}/retry`, { json: {} })).status).toBe(409);

    const res = await postAs(t, ops, `/api/sync-jobs/${id}/replay`, { json: {} });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ action: 'replay', run: 1 });
    // The employee already has its SIRH id: the replay ends 'skipped', and the SIRH saw one POST only.
    const job = await t.waitFor(async () => {
      const rows = (await t.db.query(`SELECT * FROM sync_jobs WHERE id = $1 AND status = 'skipped'`, [id])).rows;
      return rows[0];
    }, 'replay to finish');
    expect(job.hris_id).toBe(first.hris_id);
    expect(t.sirh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const types = (await events(id)).map((e) => `${e.type}:${e.to_status}`);
    expect(types).toEqual(['status:succeeded', 'replay:queued', 'status:skipped']);
    expect(job.run).toBe(1);
  });
});

describe('dashboard actions when Redis is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: the API role starts and reports the queue as unavailable.
    t = await startTestApp({ APP_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function storedJob(status: string, purged = false): Promise<string> {
    const d = await t.db.query(
      `INSERT INTO deliveries (event, company_id, applicant_id, candidate_id, status, is_hire, payload, payload_purged_at)
       VALUES ('drag_applicant', '60', '1', '1', 'queued', true, $1::jsonb, $2) RETURNING id`,
      [purged ? null : JSON.stringify(hiredDelivery(1)), purged ? new Date() : null],
    );
    const j = await t.db.query(
      `INSERT INTO sync_jobs (delivery_id, status, hris_system, last_error, finished_at) VALUES ($1, $2, 'generic-sirh', 'boom', now()) RETURNING id`,
      [d.rows[0].id, status],
    );
    return j.rows[0].id;
  }

  it('refuses to retry (503) without touching the job, and still shows pages, overview and metrics', async () => {
    const id = await storedJob('failed');
    const res = await postAs(t, ops, `/api/sync-jobs/${id}/retry`, { json: {} });
    expect(res.status).toBe(503);
    expect((await postAs(t, ops, '/api/sync-jobs/retry', { json: {} })).status).toBe(503);
    expect((await t.db.query('SELECT status FROM sync_jobs WHERE id = $1', [id])).rows[0].status).toBe('failed');
    expect((await t.db.query('SELECT count(*)::int AS n FROM sync_job_events WHERE sync_job_id = $1', [id])).rows[0].n).toBe(0);

    const page = await (await t.get(`/dashboard/jobs/${id}`, ops)).text();
    const form = await postAs(t, ops, `/dashboard/jobs/${id}/retry`, { form: { _csrf: csrfTokenFrom(page) } });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`/dashboard/jobs/${id}?notice=queue-down`);

    const overview = await (await t.get('/api/overview', ops)).json();
    expect(overview.queue).toMatchObject({ available: false, depth: null, workers: null });
    expect(overview.counts.failed).toBe(1);
    expect((await t.get('/dashboard', ops)).status).toBe(200);
    const metrics = await (await t.get('/metrics', ops)).text();
    expect(metrics).toContain('hirebridge_queue_depth -1');
  });

  it('refuses to run again a job whose delivery was purged (409)', async () => {
    const id = await storedJob('failed', true);
    const res = await postAs(t, ops, `/api/sync-jobs/${id}/replay`, { json: {} });
    expect(res.status).toBe(409);
    expect(await (await t.get(`/dashboard/jobs/${id}`, ops)).text()).toContain('The delivery was purged');
  });
});
