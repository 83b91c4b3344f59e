import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { fixture, hiredDelivery } from '../support/fixtures';
import { DASHBOARD, SIRH_API_KEY, TestApp, startTestApp } from '../support/test-app';
import { deliver, ops, postAs, waitForStatus } from '../support/dashboard-helpers';

const CHROMIUM = '/usr/bin/chromium';
/** Committed: what the operators see, in both languages and at both widths. */
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const WIDTHS = { laptop: { width: 1366, height: 800 }, phone: { width: 390, height: 844 } } as const;

/**
 * The dashboard in a real browser (Debian's chromium, headless, offline) whose language is French:
 * Accept-Language from the browser, the switch to English and back, the page fitting a phone's width.
 */
describe('dashboard in a browser, in French and English', () => {
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({
      SYNC_MAX_ATTEMPTS: '3',
      SYNC_BACKOFF_MS: '600000',
      HIRED_COLUMN_IDS: 'Signé',
      CREDENTIALS_KEY: randomBytes(32).toString('hex'),
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
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
      viewport: WIDTHS.laptop,
      // Sends Accept-Language: fr-FR, as a browser set to French does.
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    page = context.pages()[0] ?? (await context.newPage());

    ids.ok = (await deliver(t, hiredDelivery(9801, { email: 'camille.9801@example.com' }))).syncJobId!;
    await waitForStatus(t, ids.ok, ['succeeded']);
    t.sirh.enqueueFaults({
      status: 422,
      body: {
        error: 'validation_failed',
        details: [
          { field: 'startDate', message: 'is required by this HRIS' },
          { field: 'phone', message: 'must be in E.164 format' },
        ],
      },
    });
    ids.refused = (await deliver(t, hiredDelivery(9802))).syncJobId!;
    await waitForStatus(t, ids.refused, ['failed']);
    ids.linked = (await deliver(t, hiredDelivery(9803, { email: 'camille.9801@example.com' }))).syncJobId!;
    await waitForStatus(t, ids.linked, ['succeeded']);
    // The name the HRIS holds for the person it matched, as a connector that reads it back stores it.
    await t.db.query(`UPDATE sync_jobs SET found_name = '{"firstName":"Camille","lastName":"Martin"}' WHERE id = $1`, [ids.linked]);
    t.sirh.enqueueFaults({ status: 503, body: { error: 'maintenance' } });
    ids.retrying = (await deliver(t, hiredDelivery(9804))).syncJobId!;
    await waitForStatus(t, ids.retrying, ['retrying']);
    await deliver(t, fixture('drag_applicant'));
    const connection = await postAs(t, ops, '/api/connections', {
      json: {
        name: 'Acme – SIRH',
        provider: 'generic-sirh',
        companyIds: ['1201', '1202'],
        baseUrl: t.sirh.url,
        credentials: { apiKey: SIRH_API_KEY },
      },
    });
    expect(connection.status).toBe(201);
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  const lang = () => page.evaluate('document.documentElement.lang');
  /** Nothing wider than the window: no sideways scrolling on a phone. */
  const overflow = () => page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;

  it('follows the browser’s French, and the switch goes to English and back, remembered across pages', async () => {
    await page.goto(`${t.url}/dashboard`);
    expect(await lang()).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Synchronisations');
    await Promise.all([page.waitForURL(/lang=en/), page.click('nav.langs a[data-lang="en"]')]);
    expect(await lang()).toBe('en');
    await page.goto(`${t.url}/dashboard/deliveries`);
    expect(await lang()).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Webhook deliveries');
    await Promise.all([page.waitForURL(/lang=fr/), page.click('nav.langs a[data-lang="fr"]')]);
    expect(await lang()).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Réceptions de webhooks');
  });

  it('shows times in Paris time with the UTC value on hover', async () => {
    await page.goto(`${t.url}/dashboard/jobs/${ids.ok}?lang=fr`);
    const time = page.locator('dl.facts time').first();
    const utc = new Date((await time.getAttribute('datetime'))!);
    expect(await time.getAttribute('title')).toBe(`${utc.toISOString().replace('T', ' ').slice(0, 19)} UTC`);
    const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' }).format(utc);
    expect(await time.textContent()).toBe(paris);
  });

  for (const language of ['fr', 'en'] as const) {
    for (const [width, size] of Object.entries(WIDTHS)) {
      it(`reads well in ${language} at ${width} width (${size.width} px): list, failure, linked hire, retry, deliveries`, async () => {
        await page.setViewportSize(size);
        const shot = async (name: string) => {
          expect(await lang()).toBe(language);
          expect(await overflow()).toBeLessThanOrEqual(0);
          await page.screenshot({ path: join(SCREENSHOTS, `${language}-${width}-${name}.png`), fullPage: true });
        };
        await page.goto(`${t.url}/dashboard?lang=${language}`);
        await page.locator('table.jobs tbody tr').first().waitFor();
        expect(await page.locator(`tr[data-job-id="${ids.linked}"] .status-linked`).count()).toBe(1);
        await shot('jobs');

        await page.goto(`${t.url}/dashboard/jobs/${ids.refused}`);
        expect(await page.locator('ul.field-errors li').allTextContents()).toEqual(
          language === 'fr'
            ? ['startDate : is required by this HRIS', 'phone : must be in E.164 format']
            : ['startDate: is required by this HRIS', 'phone: must be in E.164 format'],
        );
        await page.click('#actions-help summary');
        expect(await page.locator('#actions-help').textContent()).toContain(
          language === 'fr' ? 'Rejouer (toute synchronisation' : 'Replay (any finished job',
        );
        await shot('job-failed');

        await page.goto(`${t.url}/dashboard/jobs/${ids.linked}`);
        expect(await page.locator('#job-status .status-linked').textContent()).toBe(language === 'fr' ? 'rattaché' : 'linked');
        expect(await page.locator('#linked .names-differ').textContent()).toContain('Camille Martin');
        await shot('job-linked');

        await page.goto(`${t.url}/dashboard/jobs/${ids.retrying}`);
        expect(await page.locator('#retry-schedule').textContent()).toMatch(
          language === 'fr'
            ? /^Essai 1 sur 3 en échec ; essai 2 à \d\d:\d\d, abandon à \d\d:\d\d au plus tard\.$/
            : /^Attempt 1 of 3 failed; attempt 2 at \d\d:\d\d, gives up at \d\d:\d\d at the latest\.$/,
        );
        await shot('job-retrying');

        await page.goto(`${t.url}/dashboard/deliveries`);
        expect(await page.locator('span.why').first().textContent()).toContain(
          language === 'fr' ? 'Pré-qualification RH' : 'Pré-qualification RH',
        );
        await shot('deliveries');

        await page.goto(`${t.url}/dashboard/connections`);
        expect(await page.locator('table.connections tbody tr').count()).toBe(1);
        await shot('connections');

        // A refused form: the messages next to the fields, the typed secret gone, one HRIS's fields shown.
        await page.goto(`${t.url}/dashboard/connections/new?companyId=1301`);
        expect(await page.locator('.provider-secrets[data-provider="hibob"]').isHidden()).toBe(true);
        await page.fill('input[name="name"]', 'Beta – SIRH');
        await page.fill('textarea[name="settings"]', '["not", "an", "object"]');
        await page.fill('input[name="secret.generic-sirh.apiKey"]', 'typed-in-the-browser-123');
        await Promise.all([page.waitForURL(/\/dashboard\/connections$/), page.click('#save-connection')]);
        expect(await page.locator('#err-settings li').count()).toBe(1);
        expect(await page.content()).not.toContain('typed-in-the-browser-123');
        expect(await page.locator('input[name="secret.generic-sirh.apiKey"]').inputValue()).toBe('');
        await shot('connection-form');
      });
    }
  }
});
