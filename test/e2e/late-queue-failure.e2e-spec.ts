import { hiredDelivery } from '../support/fixtures';
import { deliver, ops, postAs, waitForStatus } from '../support/dashboard-helpers';
import { TestApp, startTestApp } from '../support/test-app';
// After the app's own modules: the entities import each other.
import { SyncJobsRepository } from '../../src/sync/sync-jobs.repository';

describe("the queue's late word on a run the operator has replaced", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SYNC_MAX_ATTEMPTS: '1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('does not mark the new run failed; the current run can still be', async () => {
    t.sirh.enqueueFaults({ status: 422, body: { error: 'validation_failed' } });
    const { syncJobId } = await deliver(t, hiredDelivery(9401));
    await waitForStatus(t, syncJobId!, ['failed']);
    // The retried run's push hangs, so the row stays queued while the test speaks for the queue.
    t.sirh.enqueueFaults({ hang: true });
    expect((await postAs(t, ops, `/api/sync-jobs/${syncJobId}/retry`, { json: {} })).status).toBe(202);
    await t.sirh.waitForRequests(2);

    const syncJobs = t.started.app.get(SyncJobsRepository);
    expect(await syncJobs.failIfUnfinished(syncJobId!, 0, 'run 0 given up, reported late')).toBe(false);
    expect((await t.db.query('SELECT status FROM sync_jobs WHERE id = $1', [syncJobId])).rows[0].status).toBe('queued');

    expect(await syncJobs.failIfUnfinished(syncJobId!, 1, 'run 1 given up')).toBe(true);
    const row = (await t.db.query('SELECT status, last_error FROM sync_jobs WHERE id = $1', [syncJobId])).rows[0];
    expect(row).toEqual({ status: 'failed', last_error: 'run 1 given up' });
  });
});
