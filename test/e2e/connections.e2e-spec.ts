import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../src/bootstrap';
import { startMockSirh } from '../../src/mock-sirh/mock-sirh.server';
import type { MockSirh } from '../../src/mock-sirh/mock-sirh.types';
import { fixture, hiredDelivery } from '../support/fixtures';
import { deliver, ops, viewer, READONLY, waitForStatus } from '../support/dashboard-helpers';
import { TestApp, TestResponse, startTestApp } from '../support/test-app';

const KEY = randomBytes(32).toString('hex');
const SECRET_A = 'tenant-a-secret-key-123';
const SECRET_B = 'tenant-b-secret-key-456';

/** A hire of `companyId` for candidate `n`. */
function hireOf(companyId: string | number, n: number) {
  const body = hiredDelivery(n);
  body.company_id = companyId;
  return body;
}

function api(t: TestApp, method: string, path: string, json?: unknown, auth = ops): Promise<TestResponse> {
  return fetch(`${t.url}${path}`, {
    method,
    headers: { ...auth, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
}

const sirhConnection = (
  name: string,
  sirh: MockSirh,
  apiKey: string,
  companyIds: Array<string | number>,
  extra: Record<string, unknown> = {},
) => ({
  name,
  provider: 'generic-sirh',
  companyIds,
  baseUrl: sirh.url,
  credentials: { apiKey },
  ...extra,
});

describe('connections: one HRIS account per Flatchr company', () => {
  let t: TestApp;
  let sirhA: MockSirh;
  let sirhB: MockSirh;
  /** A Slack-compatible receiver: the alerts' texts. */
  const slack: string[] = [];
  let receiver: Server;

  beforeAll(async () => {
    sirhA = await startMockSirh({ apiKey: SECRET_A });
    sirhB = await startMockSirh({ apiKey: SECRET_B });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        slack.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({
      CREDENTIALS_KEY: KEY,
      DASHBOARD_READONLY_USER: READONLY.user,
      DASHBOARD_READONLY_PASSWORD: READONLY.password,
      ALERT_SLACK_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    });
  });
  afterAll(async () => {
    await t.close();
    await sirhA.close();
    await sirhB.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  let connA: Record<string, any>;

  it('creates a connection (201) and never answers its credentials', async () => {
    const res = await api(t, 'POST', '/api/connections', sirhConnection('Tenant A', sirhA, SECRET_A, [101, '102']));
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(SECRET_A);
    connA = JSON.parse(text);
    expect(connA).toMatchObject({
      name: 'Tenant A',
      provider: 'generic-sirh',
      companyIds: ['101', '102'],
      credentialsSet: true,
      enabled: true,
    });
    expect(connA).not.toHaveProperty('credentials');
    const row = (await t.db.query(`SELECT credentials_ciphertext FROM connections WHERE id = $1`, [connA.id])).rows[0];
    expect(row.credentials_ciphertext).toMatch(/^v1:/);
    expect(row.credentials_ciphertext).not.toContain(SECRET_A);
    for (const path of ['/api/connections', `/api/connections/${connA.id}`]) {
      const body = await (await api(t, 'GET', path)).text();
      expect(body).toContain('Tenant A');
      expect(body).not.toContain(SECRET_A);
    }
  });

  it('refuses bad bodies field by field (400), a served company (409), and read-only accounts (403)', async () => {
    const unknown = await api(t, 'POST', '/api/connections', { ...sirhConnection('X', sirhA, 'k', ['1']), provider: 'workday' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).message).toEqual(expect.arrayContaining([expect.stringContaining('provider must be one of')]));

    const noKey = await api(t, 'POST', '/api/connections', { ...sirhConnection('X', sirhA, 'k', ['1']), credentials: {} });
    expect(noKey.status).toBe(400);
    expect((await noKey.json()).fields).toEqual([{ field: 'credentials.apiKey', message: 'is required for generic-sirh' }]);

    const noBase = await api(t, 'POST', '/api/connections', { ...sirhConnection('X', sirhA, 'k', ['1']), baseUrl: undefined });
    expect(noBase.status).toBe(400);
    expect((await noBase.json()).fields).toEqual([expect.objectContaining({ field: 'baseUrl' })]);

    const badSettings = await api(t, 'POST', '/api/connections', {
      ...sirhConnection('X', sirhA, 'k', ['1']),
      settings: { contractTypes: { 5: 'PERMANENT' }, startDateRule: { weekday: 'someday' } },
    });
    expect(badSettings.status).toBe(400);
    expect((await badSettings.json()).fields.map((f: any) => f.field)).toEqual(['settings.contractTypes', 'settings.startDateRule']);

    const taken = await api(t, 'POST', '/api/connections', sirhConnection('Tenant A bis', sirhB, SECRET_B, ['102']));
    expect(taken.status).toBe(409);
    expect((await taken.json()).message).toContain('company 102 is served by connection "Tenant A"');

    const readOnly = await api(t, 'POST', '/api/connections', sirhConnection('RO', sirhB, SECRET_B, ['999']), viewer);
    expect(readOnly.status).toBe(403);
    const noJson = await fetch(`${t.url}/api/connections`, {
      method: 'POST',
      headers: { ...ops, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect([400, 403, 415]).toContain(noJson.status);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM connections`)).rows[0].n).toBe(1);
  });

  it('routes each company to its own HRIS and names the connection and outcome on the job', async () => {
    const b = await api(t, 'POST', '/api/connections', sirhConnection('Tenant B', sirhB, SECRET_B, ['201']));
    expect(b.status).toBe(201);
    const connB = await b.json();

    const jobA = (await deliver(t, hireOf(101, 5101))).syncJobId!;
    const jobB = (await deliver(t, hireOf('201', 5201))).syncJobId!;
    const jobDefault = (await deliver(t, hireOf(301, 5301))).syncJobId!;
    for (const id of [jobA, jobB, jobDefault]) await waitForStatus(t, id, ['succeeded']);

    const posted = (sirh: MockSirh) => sirh.requests.filter((r) => r.method === 'POST').map((r) => (r.body as any).externalId);
    expect(posted(sirhA)).toEqual(['flatchr:101:5101']);
    expect(posted(sirhB)).toEqual(['flatchr:201:5201']);
    expect(t.sirh.requests.filter((r) => r.method === 'POST').map((r) => (r.body as any).externalId)).toEqual(['flatchr:301:5301']);
    expect(sirhA.requests[0].headers.authorization).toBe(`Bearer ${SECRET_A}`);

    const list = await (await api(t, 'GET', '/api/sync-jobs')).json();
    const byId = Object.fromEntries(list.items.map((j: any) => [j.id, j]));
    expect(byId[jobA]).toMatchObject({ connectionId: connA.id, provider: 'generic-sirh', outcome: 'created' });
    expect(byId[jobB]).toMatchObject({ connectionId: connB.id, provider: 'generic-sirh', outcome: 'created' });
    expect(byId[jobDefault]).toMatchObject({ connectionId: 'default', outcome: 'created' });

    const listed = await (await api(t, 'GET', '/api/connections')).json();
    expect(listed.defaultConnection).toBe(true);
    expect(listed.items.find((c: any) => c.id === connA.id)).toMatchObject({ synced7d: 1, failed7d: 0, health: 'ok' });
  });

  it('replaces credentials only when given, and tests them with a cheap read', async () => {
    const rename = await api(t, 'PATCH', `/api/connections/${connA.id}`, { name: 'Tenant A (renamed)' });
    expect(rename.status).toBe(200);
    expect((await api(t, 'POST', `/api/connections/${connA.id}/test`, {}).then((r) => r.json())).ok).toBe(true);

    const wrong = await api(t, 'PATCH', `/api/connections/${connA.id}`, { credentials: { apiKey: 'not-the-key' } });
    expect(wrong.status).toBe(200);
    const test = await api(t, 'POST', `/api/connections/${connA.id}/test`, {});
    expect(test.status).toBe(200);
    expect(await test.json()).toEqual({ ok: false, detail: 'SIRH refused the API key (401)' });

    // A hire meanwhile fails for good (401) and marks the connection failing.
    const job = (await deliver(t, hireOf(101, 5102))).syncJobId!;
    await waitForStatus(t, job, ['failed']);
    const failing = await (await api(t, 'GET', `/api/connections/${connA.id}`)).json();
    expect(failing).toMatchObject({ health: 'failing', healthDetail: expect.stringContaining('401') });
    await t.waitFor(async () => slack.some((m) => m.includes('Tenant A (renamed)') && !/again/i.test(m)), 'the failing alert');

    expect((await api(t, 'PATCH', `/api/connections/${connA.id}`, { credentials: { apiKey: SECRET_A } })).status).toBe(200);
    expect(await (await api(t, 'POST', `/api/connections/${connA.id}/test`, {})).json()).toMatchObject({ ok: true });
    expect(await (await api(t, 'GET', `/api/connections/${connA.id}`)).json()).toMatchObject({ health: 'ok', name: 'Tenant A (renamed)' });
    // The failure raised one alert (however many hires it failed), and the passing test its recovery.
    await t.waitFor(async () => slack.some((m) => m.includes('Tenant A (renamed)') && /again/i.test(m)), 'the recovery alert');
    const aboutA = slack.filter((m) => m.includes('Tenant A (renamed)'));
    expect(aboutA).toHaveLength(2);
    expect(aboutA.join('\n')).not.toContain('not-the-key');
  });

  it('deletes a connection (204); its companies then go to the default connection', async () => {
    const b = (await (await api(t, 'GET', '/api/connections')).json()).items.find((c: any) => c.name === 'Tenant B');
    expect((await api(t, 'DELETE', `/api/connections/${b.id}`)).status).toBe(204);
    expect((await api(t, 'GET', `/api/connections/${b.id}`)).status).toBe(404);
    const job = (await deliver(t, hireOf(201, 5202))).syncJobId!;
    await waitForStatus(t, job, ['succeeded']);
    expect(t.sirh.requests.some((r) => r.method === 'POST' && (r.body as any).externalId === 'flatchr:201:5202')).toBe(true);
  });

  it("counts a company's own hired columns (settings.hiredColumns) as hired, for that company only", async () => {
    const created = await api(
      t,
      'POST',
      '/api/connections',
      sirhConnection('Own columns', sirhB, SECRET_B, ['501'], { settings: { hiredColumns: ['Signé'] } }),
    );
    expect(created.status).toBe(201);
    const moveTo = (companyId: number, candidateId: number) => {
      const body = fixture('drag_applicant');
      body.company_id = companyId;
      body.data.column.title = 'Signé';
      body.data.candidate_id = candidateId;
      body.data.candidate.id = candidateId;
      body.data.applicant.candidate_id = candidateId;
      return body;
    };
    expect((await deliver(t, moveTo(501, 5501))).status).toBe('queued');
    expect((await deliver(t, moveTo(502, 5502))).status).toBe('ignored');
  });

  it('keeps credentials out of every dashboard page', async () => {
    for (const path of ['/dashboard', '/dashboard/connections', '/dashboard/jobs']) {
      const res = await t.get(path, ops);
      const text = await res.text();
      expect(text).not.toContain(SECRET_A);
      expect(text).not.toContain(SECRET_B);
    }
  });
});

describe('connections: hires wait for a connection, and nothing is lost', () => {
  let t: TestApp;
  let sirh: MockSirh;
  beforeAll(async () => {
    sirh = await startMockSirh({ apiKey: SECRET_A });
    // No SIRH_BASE_URL: no default connection.
    t = await startTestApp({ CREDENTIALS_KEY: KEY, SIRH_BASE_URL: '', SIRH_API_KEY: '' });
  });
  afterAll(async () => {
    await t.close();
    await sirh.close();
  });

  it('keeps a hire of an unserved company as waiting_connection, lists the company, and syncs it once a connection serves it', async () => {
    const first = (await deliver(t, hireOf(777, 7001))).syncJobId!;
    const second = (await deliver(t, hireOf(777, 7002))).syncJobId!;
    for (const id of [first, second]) await waitForStatus(t, id, ['waiting_connection']);
    const waiting = await (await api(t, 'GET', '/api/connections/waiting')).json();
    expect(waiting).toEqual([expect.objectContaining({ companyId: '777', waiting: 2 })]);
    expect(sirh.requests).toEqual([]);

    // Created disabled: still waiting.
    const created = await (
      await api(t, 'POST', '/api/connections', sirhConnection('Late', sirh, SECRET_A, ['777'], { enabled: false }))
    ).json();
    expect((await t.db.query(`SELECT status FROM sync_jobs WHERE id = $1`, [first])).rows[0].status).toBe('waiting_connection');

    expect((await api(t, 'PATCH', `/api/connections/${created.id}`, { enabled: true })).status).toBe(200);
    for (const id of [first, second]) await waitForStatus(t, id, ['succeeded']);
    expect(sirh.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(await (await api(t, 'GET', '/api/connections/waiting')).json()).toEqual([]);
    const events = (await t.db.query(`SELECT to_status FROM sync_job_events WHERE sync_job_id = $1 ORDER BY id`, [first])).rows.map(
      (r) => r.to_status,
    );
    expect(events).toEqual(expect.arrayContaining(['waiting_connection', 'queued', 'succeeded']));
  });
});

describe('connections: encryption key at start-up, rotation and CONNECTIONS_FILE', () => {
  let t: TestApp;
  let sirh: MockSirh;
  let dir: string;
  beforeAll(async () => {
    sirh = await startMockSirh({ apiKey: SECRET_B });
    dir = mkdtempSync(join(tmpdir(), 'hb-connections-'));
    t = await startTestApp({ CREDENTIALS_KEY: KEY, APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await t.close();
    await sirh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds connections from a YAML file with ${VAR} secrets, and updates them by name on the next start', async () => {
    const file = join(dir, 'connections.yaml');
    writeFileSync(
      file,
      [
        'connections:',
        '  - name: From file',
        '    provider: generic-sirh',
        '    companyIds: [4242, "4243"]',
        `    baseUrl: ${sirh.url}`,
        '    credentials:',
        '      apiKey: ${TENANT_B_KEY}',
        '    requestsPerMinute: 30',
      ].join('\n'),
    );
    const env = { ...t.env, CONNECTIONS_FILE: file, TENANT_B_KEY: SECRET_B };
    const first = await startApp(env);
    await first.close();
    const rows = (await t.db.query(`SELECT name, company_ids, requests_per_minute, credentials_ciphertext FROM connections`)).rows;
    expect(rows).toEqual([expect.objectContaining({ name: 'From file', company_ids: ['4242', '4243'], requests_per_minute: 30 })]);
    expect(rows[0].credentials_ciphertext).not.toContain(SECRET_B);
    const listed = await (await api(t, 'GET', '/api/connections')).json();
    const test = await (await api(t, 'POST', `/api/connections/${listed.items[0].id}/test`, {})).json();
    expect(test.ok).toBe(true);

    writeFileSync(file, readFileSync(file, 'utf8').replace('requestsPerMinute: 30', 'requestsPerMinute: 20'));
    const second = await startApp(env);
    await second.close();
    expect((await t.db.query(`SELECT count(*)::int AS n, max(requests_per_minute) AS rpm FROM connections`)).rows[0]).toEqual({
      n: 1,
      rpm: 20,
    });

    const missing = startApp({ ...env, TENANT_B_KEY: '' });
    await expect(missing).rejects.toThrow(/CONNECTIONS_FILE .*connections\[0\] \("From file"\).*\$\{TENANT_B_KEY\} is not set/);
  });

  it('refuses to start when stored secrets cannot be read, and completes a rotation with CREDENTIALS_KEY_PREVIOUS', async () => {
    const before = (await t.db.query(`SELECT credentials_ciphertext AS c FROM connections`)).rows[0].c;
    const otherKey = randomBytes(32).toString('base64');
    await expect(startApp({ ...t.env, CREDENTIALS_KEY: otherKey })).rejects.toThrow(
      /1 connection\(s\) have stored credentials that CREDENTIALS_KEY \(or CREDENTIALS_KEY_PREVIOUS\) cannot read: "From file"/,
    );
    await expect(startApp({ ...t.env, CREDENTIALS_KEY: '' })).rejects.toThrow(/CREDENTIALS_KEY, which is not set,/);

    const rotated = await startApp({ ...t.env, CREDENTIALS_KEY: otherKey, CREDENTIALS_KEY_PREVIOUS: KEY });
    await rotated.close();
    const after = (await t.db.query(`SELECT credentials_ciphertext AS c FROM connections`)).rows[0].c;
    expect(after).not.toBe(before);
    // The old key alone no longer reads it; the new one alone does.
    await expect(startApp({ ...t.env, CREDENTIALS_KEY: KEY })).rejects.toThrow(/cannot read/);
    const withNew = await startApp({ ...t.env, CREDENTIALS_KEY: otherKey });
    await withNew.close();
  });
});
