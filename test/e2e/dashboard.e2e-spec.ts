import { hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';
import { deliver, ops, postAs, waitForStatus, XSS_NAME } from '../support/dashboard-helpers';

describe('dashboard pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SYNC_MAX_ATTEMPTS: '2' });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.sirh.reset());

  it('asks for Basic credentials on every operator surface', async () => {
    for (const path of [
      '/dashboard',
      '/dashboard/deliveries',
      '/dashboard/fragments/overview',
      '/metrics',
      '/queues',
      '/docs',
      '/docs-json',
      '/api/deliveries',
    ]) {
      const res = await t.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    expect((await postAs(t, {}, '/api/sync-jobs/retry', { json: {} })).status).toBe(401);
  });

  it('renders a hostile candidate name as text, under a strict CSP with no inline script', async () => {
    const body = hiredDelivery(7001);
    body.data.candidate.firstname = XSS_NAME;
    body.data.candidate.lastname = '"><script>alert(2)</script>';
    const { syncJobId } = await deliver(t, body);
    await waitForStatus(t, syncJobId!, ['succeeded']);

    for (const path of ['/dashboard', `/dashboard/jobs/${syncJobId}`, '/dashboard/deliveries', `/dashboard/fragments/jobs/${syncJobId}`]) {
      const res = await t.get(path, ops);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      const page = await res.text();
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('<script>alert');
      // Every <script> is an external file of our own.
      for (const tag of page.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/src="\/dashboard\/assets\/dashboard\.js/);
    }
    const list = await (await t.get('/dashboard', ops)).text();
    expect(list).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const detail = await (await t.get(`/dashboard/jobs/${syncJobId}`, ops)).text();
    expect(detail).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(detail).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('serves its script and stylesheet from the service, with ETags', async () => {
    const js = await t.get('/dashboard/assets/dashboard.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const etag = js.headers.get('etag')!;
    expect((await t.get('/dashboard/assets/dashboard.js', { 'if-none-match': etag })).status).toBe(304);
    const css = await t.get('/dashboard/assets/dashboard.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).not.toMatch(/url\(\s*['"]?https?:/);
  });

  it('shows the table with filters, the job detail with delivery, record, attempts and timeline', async () => {
    t.sirh.enqueueFaults({ status: 422, body: { error: 'validation_failed', details: [{ field: 'email', message: 'taken' }] } });
    const { syncJobId } = await deliver(t, hiredDelivery(7002, { email: 'failing.person@example.com' }));
    await waitForStatus(t, syncJobId!, ['failed']);

    const failed = await (await t.get('/dashboard?status=failed&q=failing.person', ops)).text();
    expect(failed).toContain(`/dashboard/jobs/${syncJobId}`);
    expect(failed).toContain('failing.person@example.com');
    expect(failed).toContain('Account Executive');
    const none = await (await t.get('/dashboard?status=succeeded&q=failing.person', ops)).text();
    expect(none).toContain('No sync jobs match.');
    // Empty form fields mean "no filter".
    expect((await t.get('/dashboard?status=&q=&from=&to=', ops)).status).toBe(200);
    expect((await t.get('/dashboard?status=bogus', ops)).status).toBe(400);

    const detail = await (await t.get(`/dashboard/jobs/${syncJobId}`, ops)).text();
    expect(detail).toContain('id="delivery-payload"');
    expect(detail).toContain('&quot;event&quot;: &quot;drag_applicant&quot;');
    expect(detail).toContain('id="mapped-record"');
    expect(detail).toContain('&quot;externalId&quot;: &quot;flatchr:60:7002&quot;');
    expect(detail).toContain('422');
    expect(detail).toContain('validation_failed');
    expect(detail).toMatch(/queued → failed/);
    expect(detail).toContain('id="retry"');
  });

  it('lists every delivery, ignored, duplicate and rejected ones included', async () => {
    const hire = hiredDelivery(7003);
    await deliver(t, hire);
    await deliver(t, hire);
    const ignored = hiredDelivery(7004);
    ignored.data.column.hired = false;
    ignored.data.column.title = 'Entretien';
    await deliver(t, ignored);
    const rejected = hiredDelivery(7005);
    rejected.data.candidate.lastname = '';
    expect((await t.post(`/webhooks/flatchr?token=test-webhook-token-0123456789`, rejected)).status).toBe(422);

    const api = await (await t.get('/api/deliveries?pageSize=200', ops)).json();
    const statuses = new Set(api.items.map((d: any) => d.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['duplicate', 'ignored', 'queued', 'rejected']));
    const dup = api.items.find((d: any) => d.status === 'duplicate');
    expect(dup.candidateId).toBe('7003');
    expect(dup.duplicateOf).toBeTruthy();

    const page = await (await t.get('/dashboard/deliveries?status=rejected', ops)).text();
    expect(page).toContain('status-rejected');
    expect(page).toContain('lastname');
    expect(page).not.toContain('status-duplicate');
    const byId = await (await t.get('/api/deliveries?q=7003', ops)).json();
    expect(byId.total).toBe(2);
  });

  it('shows the overview: counts by status, synced hires, failure rate, latency, queue depth and workers', async () => {
    // Its own jobs: one that succeeds, one the SIRH refuses for good.
    const ok = await deliver(t, hiredDelivery(7101));
    await waitForStatus(t, ok.syncJobId!, ['succeeded']);
    t.sirh.enqueueFaults({ status: 422, body: { error: 'validation_failed', details: [{ field: 'email', message: 'taken' }] } });
    const refused = await deliver(t, hiredDelivery(7102));
    await waitForStatus(t, refused.syncJobId!, ['failed']);

    const o = await (await t.get('/api/overview', ops)).json();
    expect(o.counts.succeeded).toBeGreaterThanOrEqual(1);
    expect(o.counts.failed).toBeGreaterThanOrEqual(1);
    expect(o.synced24h).toBeGreaterThanOrEqual(1);
    expect(o.failureRate7d).toBeGreaterThan(0);
    expect(o.latencyMs.median).toEqual(expect.any(Number));
    expect(o.latencyMs.p95).toEqual(expect.any(Number));
    expect(o.queue).toMatchObject({ available: true, depth: expect.any(Number) });
    expect(o.queue.workers).toBeGreaterThanOrEqual(1);

    const fragment = await t.get('/dashboard/fragments/overview', ops);
    expect(fragment.headers.get('content-type')).toMatch(/^text\/html/);
    const markup = await fragment.text();
    expect(markup).toContain('data-count="failed"');
    expect(markup).not.toContain('<html');
  });
});

describe('dashboard rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DASHBOARD_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts signed-in dashboard pages against DASHBOARD_RATE_LIMIT_PER_MINUTE (failed logins have their own limit)', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (const auth of [ops, {}, ops, ops, ops]) {
      const res = await t.get('/dashboard', auth);
      statuses.push(res.status);
      if (res.status === 429) refused = res as Response;
    }
    expect(statuses).toEqual([200, 401, 200, 200, 429]);
    // A plain Retry-After (seconds, within the minute), which is what clients read.
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  });
});
