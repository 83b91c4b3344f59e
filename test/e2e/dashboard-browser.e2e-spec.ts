import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { hiredDelivery } from '../support/fixtures';
import { DASHBOARD, TestApp, startTestApp } from '../support/test-app';
import { deliver, waitForStatus, XSS_NAME } from '../support/dashboard-helpers';

const CHROMIUM = '/usr/bin/chromium';
const RESULTS = join(__dirname, '..', '..', 'test-results');

/** The dashboard in a real browser (Debian's chromium, headless, offline): filter, open, retry, escape. */
describe('dashboard in a browser', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const dialogs: string[] = [];
  const cspErrors: string[] = [];
  let failingId: string;
  let xssId: string;

  beforeAll(async () => {
    t = await startTestApp({ SYNC_MAX_ATTEMPTS: '2' });
    mkdirSync(RESULTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'hirebridge-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      httpCredentials: { username: DASHBOARD.user, password: DASHBOARD.password },
      viewport: { width: 1440, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });

    // Seed: two that succeed, one hostile name, one whose first SIRH call is refused with 422.
    for (const n of [9501, 9502]) {
      const { syncJobId } = await deliver(t, hiredDelivery(n));
      await waitForStatus(t, syncJobId!, ['succeeded']);
    }
    const hostile = hiredDelivery(9503);
    hostile.data.candidate.firstname = XSS_NAME;
    xssId = (await deliver(t, hostile)).syncJobId!;
    await waitForStatus(t, xssId, ['succeeded']);
    t.sirh.enqueueFaults({ status: 422, body: { error: 'validation_failed', details: [{ field: 'phone', message: 'rejected' }] } });
    failingId = (await deliver(t, hiredDelivery(9504, { email: 'will.fail@example.com' }))).syncJobId!;
    await waitForStatus(t, failingId, ['failed']);
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('filters to failed, opens the job, retries it and sees it succeed', async () => {
    await page.goto(`${t.url}/dashboard`);
    await page.locator('table.jobs tbody tr').first().waitFor();
    const jobs = (await t.db.query('SELECT count(*)::int AS n FROM sync_jobs')).rows[0].n;
    expect(await page.locator('table.jobs tbody tr').count()).toBe(jobs);
    await page.screenshot({ path: join(RESULTS, 'dashboard.png'), fullPage: true });

    await page.selectOption('#filter-status', 'failed');
    await Promise.all([page.waitForURL(/status=failed/), page.click('form.filters button[type=submit]')]);
    const rows = page.locator('table.jobs tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-job-id')).toBe(failingId);

    await Promise.all([page.waitForURL(new RegExp(`/dashboard/jobs/${failingId}`)), rows.first().locator('a.job-link').click()]);
    expect(await page.locator('#job-status').getAttribute('data-status')).toBe('failed');
    expect(await page.locator('table.attempts').textContent()).toContain('422');
    await page.screenshot({ path: join(RESULTS, 'dashboard-job-failed.png'), fullPage: true });

    await Promise.all([page.waitForURL(/notice=retried/), page.click('#retry')]);
    // The live section refreshes in place until the job is finished.
    await page.locator('#job-status[data-status="succeeded"]').waitFor({ timeout: 30000 });
    expect(await page.locator('#job-hris-id').textContent()).toMatch(/^emp_\d+$/);
    expect(await page.locator('ol.timeline').textContent()).toContain('retry: failed → queued');
    await page.screenshot({ path: join(RESULTS, 'dashboard-job-retried.png'), fullPage: true });
  });

  it('renders the hostile candidate name as text, runs no script of it, and breaks no CSP rule', async () => {
    await page.goto(`${t.url}/dashboard?q=9503`);
    const link = page.locator(`tr[data-job-id="${xssId}"] a.job-link`);
    expect(await link.textContent()).toBe(`${XSS_NAME} Delajaque`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await Promise.all([page.waitForURL(/\/dashboard\/jobs\//), link.click()]);
    expect(await page.locator('h1.candidate').textContent()).toBe(`${XSS_NAME} Delajaque`);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(cspErrors).toEqual([]);
  });

  it('updates the overview in place, without reloading the page', async () => {
    await page.goto(`${t.url}/dashboard`);
    // A marker that a full reload would wipe out (the test tsconfig has no DOM types, hence strings).
    await page.evaluate('window.__stillHere = true');
    // Whatever the earlier tests left: the count as the page shows it now, then one more.
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM sync_jobs WHERE status = 'succeeded'`)).rows[0].n;
    expect(await page.locator('[data-count="succeeded"]').textContent()).toBe(String(before));
    const { syncJobId } = await deliver(t, hiredDelivery(9505));
    await waitForStatus(t, syncJobId!, ['succeeded']);
    await page.locator('[data-count="succeeded"]', { hasText: new RegExp(`^${before + 1}$`) }).waitFor({ timeout: 30000 });
    expect(await page.evaluate('window.__stillHere')).toBe(true);
  });
});
