import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { pushEmployeeJobId } from '../../src/sync/hire-sync.job';
import { HIRE_SYNC_QUEUE } from '../../src/sync/queue.constants';
import { SyncReconciler } from '../../src/sync/sync-reconciler';
import { hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';
import { TEST_REDIS_URL } from '../harness/local-services';

/** The reconciler's real thresholds: 'queued' rows idle over 10 s, 'retrying' rows idle over 60 s. */
describe('sync reconciler', () => {
  let t: TestApp;
  let redis: IORedis;
  let queue: Queue;
  beforeAll(async () => {
    // No periodic pass during the test: it calls reconcile() itself.
    t = await startTestApp({ RECONCILE_INTERVAL_MS: String(24 * 3600_000) });
    redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(HIRE_SYNC_QUEUE, { connection: redis, prefix: t.queuePrefix });
    // Jobs the reconciler adds stay in the queue, where the test can see them.
    await queue.pause();
  });
  // Each test starts with no unfinished row and an empty queue.
  afterEach(async () => {
    await t.db.query(`UPDATE sync_jobs SET status = 'succeeded' WHERE status <> 'succeeded'`);
    await queue.drain();
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await t.close();
  });

  let candidate = 6000;
  /** A hire stored straight in Postgres (never queued), its row last touched `idleSeconds` ago. */
  async function storedJob(status: string, idleSeconds: number): Promise<string> {
    const id = ++candidate;
    const d = await t.db.query(
      `INSERT INTO deliveries (event, company_id, applicant_id, candidate_id, status, is_hire, payload)
       VALUES ('drag_applicant', '60', $1, $1, 'queued', true, $2::jsonb) RETURNING id`,
      [String(id), JSON.stringify(hiredDelivery(id))],
    );
    const j = await t.db.query(
      `INSERT INTO sync_jobs (delivery_id, status, hris_system, updated_at)
       VALUES ($1, $2, 'generic-sirh', now() - make_interval(secs => $3)) RETURNING id`,
      [d.rows[0].id, status, idleSeconds],
    );
    return j.rows[0].id;
  }
  const queued = async (syncJobId: string) => (await queue.getJob(pushEmployeeJobId(syncJobId, 0))) !== undefined;

  it('re-queues stale unfinished rows by status, with margins far from each threshold', async () => {
    const rows = {
      queuedFresh: await storedJob('queued', 0),
      queuedStale: await storedJob('queued', 30),
      retryingFresh: await storedJob('retrying', 30),
      retryingStale: await storedJob('retrying', 300),
      succeededOld: await storedJob('succeeded', 3600),
      failedOld: await storedJob('failed', 3600),
      skippedOld: await storedJob('skipped', 3600),
    };
    expect(await t.started.app.get(SyncReconciler).reconcile()).toBe(2);
    const inQueue = Object.fromEntries(await Promise.all(Object.entries(rows).map(async ([name, id]) => [name, await queued(id)])));
    expect(inQueue).toEqual({
      queuedFresh: false,
      queuedStale: true,
      retryingFresh: false,
      retryingStale: true,
      succeededOld: false,
      failedOld: false,
      skippedOld: false,
    });
    // A second pass re-adds the same job ids: BullMQ keeps one job each.
    const waiting = await queue.getWaitingCount();
    expect(await t.started.app.get(SyncReconciler).reconcile()).toBe(2);
    expect(await queue.getWaitingCount()).toBe(waiting);
  });

  it('re-queues a job under the id of its current run (after an operator retry)', async () => {
    const id = await storedJob('queued', 30);
    // What an operator's retry leaves: the row's run moved on (SyncJobsRepository.requeue).
    await t.db.query(`UPDATE sync_jobs SET run = 1 WHERE id = $1`, [id]);
    await t.started.app.get(SyncReconciler).reconcile();
    expect(await queue.getJob(pushEmployeeJobId(id, 1))).toBeDefined();
    expect(await queue.getJob(pushEmployeeJobId(id, 0))).toBeUndefined();
  });
});
