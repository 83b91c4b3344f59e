import { Queue } from 'bullmq';
import { HIRE_SYNC_QUEUE } from '../../src/sync/queue.constants';
import { fixture, hiredDelivery } from '../support/fixtures';
import { csrfTokenFrom, deliver, ops, postAs, READONLY, viewer, waitForStatus } from '../support/dashboard-helpers';
import { TEST_REDIS_URL } from '../harness/local-services';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const REJECT = { status: 422, body: { error: 'validation_failed', details: [{ field: 'email', message: 'invalid' }] } };
/** What a stack trace or a Redis INFO dump looks like in a body. */
const INTERNALS = /redis_version|"version"|Linux|\.lua|\/src\/|\/dist\/|node_modules|\n\s+at |"stacktrace":\["/;

describe('operator surfaces show no internals and refuse what they should', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      SYNC_MAX_ATTEMPTS: '1',
      DASHBOARD_READONLY_USER: READONLY.user,
      DASHBOARD_READONLY_PASSWORD: READONLY.password,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps Redis and kernel versions off the queue board, for every account', async () => {
    for (const account of [ops, viewer]) {
      const res = await t.get('/queues/api/redis/stats', account);
      expect(res.status).not.toBe(200);
      expect(await res.text()).not.toMatch(INTERNALS);
    }
  });

  it('shows a failed job on the queue board without its stack trace', async () => {
    t.sirh.enqueueFaults(REJECT);
    const { syncJobId } = await deliver(t, hiredDelivery(9101));
    await waitForStatus(t, syncJobId!, ['failed']);
    // The queue gives up on the job right after the row is written.
    const board = await t.waitFor(async () => {
      const body = await (await t.get('/queues/api/queues?activeQueue=hire-sync&status=failed', ops)).json();
      const queue = body.queues.find((q: { name: string }) => q.name === HIRE_SYNC_QUEUE);
      return queue.jobs.length > 0 ? queue : null;
    }, 'the failed job on the board');
    expect(board.jobs[0].failedReason).toMatch(/422/);
    expect(board.jobs[0].stacktrace).toEqual([]);
    expect(JSON.stringify(board)).not.toMatch(INTERNALS);
  });

  it('answers a queue action that fails inside Redis with a plain message, not the script error', async () => {
    // Promoting a job that is not delayed fails in BullMQ's Lua script.
    const queue = new Queue(HIRE_SYNC_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix: t.queuePrefix });
    try {
      const job = await queue.add('push-employee', { syncJobId: 'none' } as never, { jobId: 'board-test' });
      await job.moveToFailed(new Error('made to fail'), '0', false).catch(() => undefined);
    } finally {
      await queue.close();
    }
    const res = await fetch(`${t.url}/queues/api/queues/hire-sync/board-test/promote`, { method: 'PUT', headers: ops });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const text = await res.text();
    expect(text).not.toMatch(INTERNALS);
    expect(text).not.toMatch(/delayed state|Missing key|promote/i);
  });

  it('treats a write with Origin: null as cross-site', async () => {
    t.sirh.enqueueFaults(REJECT);
    const { syncJobId } = await deliver(t, hiredDelivery(9102));
    await waitForStatus(t, syncJobId!, ['failed']);
    const page = await (await t.get(`/dashboard/jobs/${syncJobId}`, ops)).text();
    const token = csrfTokenFrom(page);
    const nullOrigin = { origin: 'null' };
    expect((await postAs(t, ops, `/dashboard/jobs/${syncJobId}/retry`, { form: { _csrf: token }, headers: nullOrigin })).status).toBe(403);
    expect((await postAs(t, ops, `/api/sync-jobs/${syncJobId}/retry`, { json: {}, headers: nullOrigin })).status).toBe(403);
    const pause = await fetch(`${t.url}/queues/api/queues/hire-sync/pause`, { method: 'PUT', headers: { ...ops, ...nullOrigin } });
    expect(pause.status).toBe(403);
    expect((await t.db.query('SELECT status FROM sync_jobs WHERE id = $1', [syncJobId])).rows[0].status).toBe('failed');
    // The same requests from the page itself (same origin) go through.
    const sameOrigin = { origin: new URL(t.url).origin };
    expect((await postAs(t, ops, `/dashboard/jobs/${syncJobId}/retry`, { form: { _csrf: token }, headers: sameOrigin })).status).toBe(303);
  });

  it('shows only its own notices: ?notice=constructor shows nothing', async () => {
    for (const notice of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const page = await (await t.get(`/dashboard?notice=${notice}`, ops)).text();
      expect(page).not.toContain('class="notice"');
    }
    expect(await (await t.get('/dashboard?notice=retried', ops)).text()).toContain('class="notice"');
  });

  it('labels deliveries in /metrics by the four Flatchr events and "other", whatever events callers invent', async () => {
    for (let i = 0; i < 5; i++) {
      const body = { ...fixture('new_vacancy'), event: `invented_${i}` };
      const res = await t.post(`/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, body);
      expect(res.status).toBe(202);
    }
    const metrics = await (await t.get('/metrics', ops)).text();
    const events = new Set([...metrics.matchAll(/^hirebridge_deliveries_total\{[^}]*event="([^"]*)"/gm)].map((m) => m[1]));
    expect(events.has('other')).toBe(true);
    for (const event of events) expect(['new_vacancy', 'new_applicant', 'drag_applicant', 'new_message', 'other']).toContain(event);
  });
});
