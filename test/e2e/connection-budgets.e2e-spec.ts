import { randomBytes } from 'node:crypto';
import { startMockSirh } from '../../src/mock-sirh/mock-sirh.server';
import type { MockSirh } from '../../src/mock-sirh/mock-sirh.types';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../../src/sync/hire-sync.queue';
import { QueueModule } from '../../src/sync/queue.module';
import { ServiceProcess, spawnService } from '../harness/service-process';
import { hiredDelivery } from '../support/fixtures';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';
import { TestApp, startTestApp } from '../support/test-app';

const KEY = randomBytes(32).toString('hex');

function hireOf(companyId: number, n: number) {
  const body = hiredDelivery(n);
  body.company_id = companyId;
  return body;
}

async function createConnection(t: TestApp, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(`${t.url}/api/connections`, {
    method: 'POST',
    headers: { ...ops, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create connection answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, any>;
}

const posts = (sirh: MockSirh) => sirh.requests.filter((r) => r.method === 'POST');

describe('per-connection request budget, shared by every worker process', () => {
  let t: TestApp;
  let sirh: MockSirh;
  const workers: ServiceProcess[] = [];
  beforeAll(async () => {
    sirh = await startMockSirh({ apiKey: 'budget-key' });
    t = await startTestApp({ CREDENTIALS_KEY: KEY, APP_ROLE: 'api' });
    for (let i = 0; i < 2; i++) workers.push(await spawnService({ ...t.env, APP_ROLE: 'worker', SYNC_CONCURRENCY: '4' }, 60000));
  });
  afterAll(async () => {
    for (const w of workers) await w.child.stop();
    await t.close();
    await sirh.close();
  });

  it('lets 4 requests a minute through across two workers; the other hires wait, delayed, without using an attempt', async () => {
    await createConnection(t, {
      name: 'Small budget',
      provider: 'generic-sirh',
      companyIds: ['810'],
      baseUrl: sirh.url,
      credentials: { apiKey: 'budget-key' },
      requestsPerMinute: 4,
    });
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) ids.push((await deliver(t, hireOf(810, 8100 + n))).syncJobId!);
    const queue = t.started.app.select(QueueModule).get<HireSyncQueue>(HIRE_SYNC_QUEUE_TOKEN);
    await t.waitFor(
      async () => {
        const counts = await queue.getJobCounts('delayed', 'completed');
        return counts.delayed === 6 && counts.completed === 4;
      },
      '4 hires synced and 6 delayed',
      60000,
    );
    const received = posts(sirh);
    expect(received).toHaveLength(4);
    const windowMs = received[3].receivedAt.getTime() - received[0].receivedAt.getTime();
    expect(windowMs).toBeLessThan(60000);
    const rows = (await t.db.query(`SELECT status, attempt_count FROM sync_jobs WHERE id = ANY($1) ORDER BY status`, [ids])).rows;
    expect(rows.filter((r) => r.status === 'succeeded')).toHaveLength(4);
    // Waiting for budget is neither a failure nor an attempt.
    expect(rows.filter((r) => r.status !== 'succeeded').every((r) => r.status === 'queued' && r.attempt_count === 0)).toBe(true);
    // Both worker processes took part (each refused or sent some): the budget is theirs together.
    expect(workers.every((w) => /Worker started/.test(w.output()))).toBe(true);
  });
});

describe("one tenant's backlog never delays another's hires", () => {
  let t: TestApp;
  let slow: MockSirh;
  let other: MockSirh;
  beforeAll(async () => {
    slow = await startMockSirh({ apiKey: 'slow-key' });
    other = await startMockSirh({ apiKey: 'other-key' });
    t = await startTestApp({ CREDENTIALS_KEY: KEY, SYNC_CONCURRENCY: '4' });
  });
  afterAll(async () => {
    await t.close();
    await slow.close();
    await other.close();
  });

  it('syncs 5 hires of one tenant while 300 of another wait for their budget', async () => {
    await createConnection(t, {
      name: 'Slow tenant',
      provider: 'generic-sirh',
      companyIds: ['901'],
      baseUrl: slow.url,
      credentials: { apiKey: 'slow-key' },
      requestsPerMinute: 10,
    });
    await createConnection(t, {
      name: 'Other tenant',
      provider: 'generic-sirh',
      companyIds: ['902'],
      baseUrl: other.url,
      credentials: { apiKey: 'other-key' },
    });
    for (let n = 0; n < 300; n++) await deliver(t, hireOf(901, 20000 + n));
    const mine: string[] = [];
    for (let n = 0; n < 5; n++) mine.push((await deliver(t, hireOf(902, 30000 + n))).syncJobId!);
    for (const id of mine) await waitForStatus(t, id, ['succeeded']);
    expect(posts(other)).toHaveLength(5);
    // The slow tenant got its budget's worth, not more, while the other tenant's hires went through.
    expect(posts(slow).length).toBeLessThanOrEqual(10);
    const failed = (await t.db.query(`SELECT count(*)::int AS n FROM sync_jobs WHERE status = 'failed'`)).rows[0].n;
    expect(failed).toBe(0);
  });
});
