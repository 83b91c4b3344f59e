import { startApp } from '../../src/bootstrap';
import { SyncReconciler } from '../../src/sync/sync-reconciler';
import { DASHBOARD, TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';
import { Client } from 'pg';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from '../harness/local-services';
import { hiredDelivery } from '../support/fixtures';
import { deleteQueueKeys } from '../harness/queue-keys';

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const ops = basic(DASHBOARD.user, DASHBOARD.password);

describe('operator API and health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health answers 200 naming Postgres and Redis', async () => {
    // Right after start the queue's Redis connection may still be connecting (503 until it is ready),
    // and on a saturated machine a ping can exceed its 1.5 s: wait for the 200, then check what it says.
    const res = await t.waitFor(async () => {
      const r = await t.get('/health');
      return r.status === 200 ? r : null;
    }, '/health to answer 200');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('requires Basic credentials on /api', async () => {
    for (const path of ['/api/sync-jobs', '/api/employees', '/api/sync-jobs/00000000-0000-0000-0000-000000000000']) {
      expect((await t.get(path)).status).toBe(401);
      expect((await t.get(path, basic(DASHBOARD.user, 'wrong-password'))).status).toBe(401);
    }
    const res = await t.get('/api/sync-jobs');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('lists sync jobs by status and shows one with its attempts, record and SIRH id', async () => {
    const delivered = await (await t.post(`/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, hiredDelivery(3001))).json();
    const job = await t.waitFor(async () => {
      const r = (await t.db.query(`SELECT * FROM sync_jobs WHERE delivery_id = $1 AND status = 'succeeded'`, [delivered.id])).rows;
      return r[0];
    }, 'the hire to be synced');

    const list = await (await t.get('/api/sync-jobs?status=succeeded&page=1', ops)).json();
    expect(list.total).toBe(1);
    expect(list.items[0].id).toBe(job.id);
    const none = await (await t.get('/api/sync-jobs?status=failed', ops)).json();
    expect(none).toMatchObject({ total: 0, items: [] });
    expect((await t.get('/api/sync-jobs?status=bogus', ops)).status).toBe(400);

    const detail = await (await t.get(`/api/sync-jobs/${job.id}`, ops)).json();
    expect(detail).toMatchObject({ id: job.id, status: 'succeeded', hrisId: 'emp_1', attemptCount: 1 });
    expect(detail.mappedRecord.externalId).toBe('flatchr:60:3001');
    expect(detail.delivery.payload.event).toBe('drag_applicant');
    expect(detail.attempts).toEqual([expect.objectContaining({ attemptNo: 1, httpStatus: 201, outcome: 'succeeded' })]);

    expect((await t.get('/api/sync-jobs/00000000-0000-0000-0000-000000000000', ops)).status).toBe(404);
    expect((await t.get('/api/sync-jobs/not-a-uuid', ops)).status).toBe(400);

    const employees = await (await t.get('/api/employees', ops)).json();
    expect(employees.items).toEqual([expect.objectContaining({ externalId: 'flatchr:60:3001', hrisId: 'emp_1' })]);
  });
});

describe('when Redis is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: the API role starts, and reports Redis as down.
    t = await startTestApp({ APP_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET /health answers 503 naming redis', async () => {
    const res = await t.get('/health');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error).toMatchObject({ redis: { status: 'down' } });
    expect(body.info).toMatchObject({ postgres: { status: 'up' } });
  });

  it('still accepts and stores a hire, which the reconciler queues once Redis is back', async () => {
    const res = await t.post(`/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, hiredDelivery(3002));
    expect(res.status).toBe(202);
    const answer = await res.json();
    expect(answer.status).toBe('queued');
    const job = (await t.db.query('SELECT status FROM sync_jobs WHERE delivery_id = $1', [answer.id])).rows[0];
    expect(job.status).toBe('queued');
    expect(t.sirh.requests).toHaveLength(0);

    // A worker on a Redis that answers: one reconcile pass hands the stored hire to the queue.
    const worker = await startApp({ ...t.env, APP_ROLE: 'worker', REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `${t.queuePrefix}-w` });
    try {
      expect(await worker.app.get(SyncReconciler).reconcile(0, 0)).toBe(1);
      const synced = await t.waitFor(async () => {
        const row = (await t.db.query('SELECT status, hris_id FROM sync_jobs WHERE delivery_id = $1', [answer.id])).rows[0];
        return row.status === 'succeeded' ? row : null;
      }, 'the reconciled hire to be synced');
      expect(synced.hris_id).toBe('emp_1');
      // A second pass finds nothing left to do.
      expect(await worker.app.get(SyncReconciler).reconcile(0, 0)).toBe(0);
    } finally {
      await worker.close();
      await deleteQueueKeys(`${t.queuePrefix}-w`);
    }
  });
});

describe('when Postgres is down', () => {
  let t: TestApp;
  let admin: Client;
  let database: string;
  beforeAll(async () => {
    t = await startTestApp();
    database = new URL(t.env.DATABASE_URL).pathname.slice(1);
    admin = new Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    await admin.end();
    await t.close();
  });

  it('answers 503 to Flatchr (so it delivers again) and to /health, then recovers', async () => {
    // A real outage of this service's database: no new connections, existing ones cut.
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);

    const refused = await t.post(`/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, hiredDelivery(3101));
    expect(refused.status).toBe(503);
    expect(await refused.text()).not.toMatch(/SELECT|INSERT|at .*\.js/);
    const health = await t.get('/health');
    expect(health.status).toBe(503);
    expect((await health.json()).error).toHaveProperty('postgres');

    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    const accepted = await t.waitFor(async () => {
      const res = await t.post(`/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, hiredDelivery(3101));
      return res.status === 202 ? res.json() : null;
    }, 'the webhook to accept deliveries again');
    expect(accepted.status).toBe('queued');
  });
});
