import { randomBytes } from 'node:crypto';
import { fixture } from '../support/fixtures';
import { READONLY, basic } from '../support/dashboard-helpers';
import { rawRequest } from '../support/raw-http';
import { spawnService } from '../harness/service-process';
import { DASHBOARD, SIRH_API_KEY, TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

describe('no secret in any log line, however it is spelled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the webhook token and the passwords out of the service output', async () => {
    const service = await spawnService({
      ...t.env,
      APP_ROLE: 'all',
      PORT: '0',
      DASHBOARD_READONLY_USER: READONLY.user,
      DASHBOARD_READONLY_PASSWORD: READONLY.password,
    });
    try {
      const body = JSON.stringify(fixture('new_vacancy'));
      const json = { 'content-type': 'application/json' };
      const spellings = [
        `?token=${WEBHOOK_TOKEN}`,
        `?%74oken=${WEBHOOK_TOKEN}`,
        `?tok%65n=${WEBHOOK_TOKEN}`,
        `?TOKEN=${WEBHOOK_TOKEN}`,
        `?token=${WEBHOOK_TOKEN}&token=${WEBHOOK_TOKEN}`,
        `?token[]=${WEBHOOK_TOKEN}`,
        `?token%5B0%5D=${WEBHOOK_TOKEN}`,
        `?a=1&token=${encodeURIComponent(WEBHOOK_TOKEN).replace(/t/g, '%74')}`,
      ];
      const statuses: number[] = [];
      for (const query of spellings)
        statuses.push((await rawRequest(service.url!, 'POST', `/webhooks/flatchr${query}`, json, body)).status);
      // The accepted spellings prove the requests reached the service's logging, not a dead end.
      expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(3);
      await rawRequest(service.url!, 'POST', '/webhooks/flatchr', { ...json, authorization: `Bearer ${WEBHOOK_TOKEN}` }, body);
      for (const auth of [
        basic(DASHBOARD.user, DASHBOARD.password),
        basic(READONLY.user, READONLY.password),
        basic(DASHBOARD.user, READONLY.password),
      ]) {
        await rawRequest(service.url!, 'GET', '/api/sync-jobs', auth);
        await rawRequest(service.url!, 'GET', `/dashboard?password=${DASHBOARD.password}`, auth);
      }
      await t.waitFor(
        async () => (service.output().match(/request completed/g) ?? []).length >= spellings.length + 7,
        'every request to be logged',
      );

      const output = service.output();
      const forms = (secret: string) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
      for (const secret of [
        WEBHOOK_TOKEN,
        DASHBOARD.password,
        READONLY.password,
        SIRH_API_KEY,
        `${DASHBOARD.user}:${DASHBOARD.password}`,
      ]) {
        for (const form of forms(secret)) expect(output).not.toContain(form);
      }
      expect(output).toContain('[REDACTED]');
    } finally {
      service.child.signal('SIGTERM');
      await service.exited;
    }
  });

  it("keeps connections' credentials out of the service output: created, tested, refused by the HRIS, replaced", async () => {
    const key = randomBytes(32).toString('hex');
    const first = 'connection-secret-first-0123';
    const second = 'connection-secret-second-4567';
    const service = await spawnService({ ...t.env, APP_ROLE: 'all', PORT: '0', CREDENTIALS_KEY: key });
    try {
      const json = { ...basic(DASHBOARD.user, DASHBOARD.password), 'content-type': 'application/json' };
      const created = await fetch(`${service.url}/api/connections`, {
        method: 'POST',
        headers: json,
        // The SIRH knows another key: every call with this one is refused (401), and logged as such.
        body: JSON.stringify({
          name: 'Logged',
          provider: 'generic-sirh',
          companyIds: ['4711'],
          baseUrl: t.sirh.url,
          credentials: { apiKey: first },
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect(
        (await (await fetch(`${service.url}/api/connections/${id}/test`, { method: 'POST', headers: json, body: '{}' })).json()) as object,
      ).toMatchObject({ ok: false });
      const hire = fixture('drag_applicant.hired');
      hire.company_id = 4711;
      await rawRequest(
        service.url!,
        'POST',
        `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`,
        { 'content-type': 'application/json' },
        JSON.stringify(hire),
      );
      await t.waitFor(
        async () => /is failing: its HRIS refused the credentials/.test(service.output()),
        'the refused credentials to be logged',
      );
      const patched = await fetch(`${service.url}/api/connections/${id}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ credentials: { apiKey: second } }),
      });
      expect(patched.status).toBe(200);
      await t.waitFor(async () => (service.output().match(/request completed/g) ?? []).length >= 4, 'every request to be logged');
      const output = service.output();
      for (const secret of [first, second, key]) {
        for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) expect(output).not.toContain(form);
      }
    } finally {
      service.child.signal('SIGTERM');
      await service.exited;
    }
  });
});
