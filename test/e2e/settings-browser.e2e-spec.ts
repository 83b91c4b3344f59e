import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { HttpReceiver, startHttpReceiver } from '../support/alert-receivers';
import { DASHBOARD, TestApp, startTestApp } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';

/** The Settings page in a real browser (Debian's chromium, headless, offline): the test button, its confirmation, the results. */
describe('Settings page in a browser', () => {
  let t: TestApp;
  let slack: HttpReceiver;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const dialogs: string[] = [];
  const cspErrors: string[] = [];

  beforeAll(async () => {
    slack = await startHttpReceiver('/services/T1/B1/browser-secret');
    t = await startTestApp({ ALERT_SLACK_WEBHOOK_URL: slack.url });
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
      viewport: { width: 1280, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
    await slack?.close();
  });

  it('is reached from the navigation, asks before sending, and shows each channel result', async () => {
    await page.goto(`${t.url}/dashboard`);
    await Promise.all([page.waitForURL(/\/dashboard\/settings$/), page.click('header.top nav a[href="/dashboard/settings"]')]);
    expect(await page.locator('tr[data-channel="slack"] td').nth(1).innerText()).toBe('yes');
    expect(await page.locator('tr[data-channel="email"] td').nth(1).innerText()).toBe('no');
    expect(await page.content()).not.toContain('browser-secret');

    await Promise.all([page.waitForURL(/\/dashboard\/settings\/test-alert$/), page.click('#test-alert')]);
    expect(dialogs).toEqual(['Send a test alert to every configured channel?']);
    expect(await page.locator('#test-results li[data-channel="slack"]').innerText()).toMatch(/sent — HTTP 200/);
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0].json.text).toBe('Test alert from HireBridge');
    expect(cspErrors).toEqual([]);
  });
});
