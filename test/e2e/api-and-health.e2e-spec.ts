import { DASHBOARD, TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';
import { hiredDelivery } from '../support/fixtures';

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
    const res = await t.get('/health');
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
