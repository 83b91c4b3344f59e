import { Client } from 'pg';
import { StartedApp, startApp } from '../../src/bootstrap';
import { MIGRATIONS } from '../../src/database/migrations';
import { MIGRATION_LOCK_ID } from '../../src/database/run-migrations';
import { hiredDelivery } from '../support/fixtures';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';
import { createTestDatabase, uniqueName } from '../harness/database';
import { TEST_REDIS_URL } from '../harness/local-services';
import { deleteQueueKeys } from '../harness/queue-keys';

describe('DASHBOARD_ENABLED=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DASHBOARD_ENABLED: 'false', DASHBOARD_USER: '', DASHBOARD_PASSWORD: '' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves no operator surface at all, while the webhook and /health work', async () => {
    const operatorPaths = ['/dashboard', '/dashboard/deliveries', '/api/sync-jobs', '/api/overview', '/metrics', '/queues', '/docs'];
    for (const path of [...operatorPaths, '/docs-json']) {
      const res = await t.get(path, { authorization: `Basic ${Buffer.from(':').toString('base64')}` });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    await t.waitFor(async () => (await t.get('/health')).status === 200, '/health to answer 200');
    const res = await t.post(`/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, hiredDelivery(9901));
    expect(res.status).toBe(202);
    expect((await res.json()).status).toBe('queued');
  });
});

describe('replicas starting together on an empty database', () => {
  let database: { url: string; drop(): Promise<void> };
  let queuePrefix: string;
  beforeEach(async () => {
    database = await createTestDatabase();
    queuePrefix = uniqueName('hbtest');
  });
  afterEach(async () => {
    await database.drop();
    await deleteQueueKeys(queuePrefix);
  });
  const env = (role: string) => ({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    APP_ROLE: role,
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    WEBHOOK_TOKEN,
    SIRH_BASE_URL: 'http://127.0.0.1:1',
    SIRH_API_KEY: 'unused',
    DASHBOARD_USER: 'ops',
    DASHBOARD_PASSWORD: 'ops-password-1',
    LOG_LEVEL: 'silent',
  });

  it('wait for the migration lock another replica holds, then migrate', async () => {
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    let app: StartedApp | undefined;
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      const starting = startApp(env('api'));
      starting.catch(() => undefined);
      // The replica is queued behind the lock, and has created nothing yet.
      await waitUntil(async () => {
        const r = await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [
          MIGRATION_LOCK_ID,
        ]);
        return r.rows[0].n === 1;
      });
      expect((await holder.query(`SELECT to_regclass('public.migrations') AS t`)).rows[0].t).toBeNull();
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
      app = await starting;
      const applied = (await holder.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name);
      expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
    } finally {
      await app?.close();
      await holder.end();
    }
  });

  it('apply each migration once and all serve', async () => {
    const started: StartedApp[] = [];
    const db = new Client({ connectionString: database.url });
    try {
      // Four at once (two API, two worker replicas): without the lock, two would race to create the same tables.
      const results = await Promise.allSettled(['api', 'api', 'worker', 'worker'].map((role) => startApp(env(role))));
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      const outcomes = results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'));
      expect(outcomes).toEqual(['started', 'started', 'started', 'started']);

      await db.connect();
      const applied = (await db.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name);
      expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
      for (const app of started.filter((a) => a.url)) {
        await waitUntil(async () => (await fetch(`${app.url}/health`)).status === 200);
      }
    } finally {
      await Promise.all(started.map((a) => a.close()));
      await db.end().catch(() => undefined);
    }
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
