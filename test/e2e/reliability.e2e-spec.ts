import { PersonalDataPurger } from '../../src/retention/personal-data-purger';
import { fixture, hiredDelivery } from '../support/fixtures';
import { spawnService } from '../harness/service-process';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;

describe('reliability', () => {
  describe('with the worker in its own process', () => {
    let t: TestApp;
    beforeAll(async () => {
      // This process is the API only; workers are spawned (and killed) by the tests.
      // The SIRH time-out is far above how long the tests hold a call: no time-out races a signal.
      t = await startTestApp({ APP_ROLE: 'api', SYNC_LOCK_DURATION_MS: '1500', SIRH_TIMEOUT_MS: '60000' });
    });
    afterAll(async () => {
      await t.close();
    });
    beforeEach(() => t.sirh.reset());

    const jobOf = (deliveryId: string) => t.db.query('SELECT * FROM sync_jobs WHERE delivery_id = $1', [deliveryId]).then((r) => r.rows[0]);

    it('on SIGTERM a worker finishes the hire it is pushing, then exits', async () => {
      const worker = await spawnService({ ...t.env, APP_ROLE: 'worker' });
      // The SIRH holds the push until released: it is certainly in flight when SIGTERM arrives.
      let release!: () => void;
      t.sirh.enqueueFaults({ holdUntil: new Promise<void>((resolve) => (release = resolve)) });
      const answer = await (await t.post(hook, hiredDelivery(4001))).json();
      await t.sirh.waitForRequests(1, 30000);

      let released = false;
      let exitedBeforeRelease = false;
      void worker.exited.then(() => (exitedBeforeRelease = !released));
      worker.child.signal('SIGTERM');
      // The worker has acted on the signal, and is still waiting for the SIRH.
      await t.waitFor(async () => /Worker stopping/.test(worker.output()), 'the worker to start shutting down');
      expect(exitedBeforeRelease).toBe(false);
      expect(worker.child.exitCode).toBeNull();
      released = true;
      release();

      const ended = await worker.exited;
      expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
      expect(exitedBeforeRelease).toBe(false);
      const job = await jobOf(answer.id);
      expect(job.status).toBe('succeeded');
      expect(t.sirh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    });

    it('a worker killed mid-push has its job picked up again, and the person is still created once', async () => {
      const first = await spawnService({ ...t.env, APP_ROLE: 'worker' });
      // The SIRH holds the call until the worker is dead, then creates the employee anyway.
      let release!: () => void;
      t.sirh.enqueueFaults({ holdUntil: new Promise<void>((resolve) => (release = resolve)) });
      const answer = await (await t.post(hook, hiredDelivery(4002))).json();
      await t.sirh.waitForRequests(1, 30000);
      first.child.signal('SIGKILL');
      await first.exited;
      release();
      await t.waitFor(async () => t.sirh.employees().length === 1, 'the held call to create the employee');
      // The worker writes the row only with the SIRH's answer: the dead one left it untouched.
      expect(await jobOf(answer.id)).toMatchObject({ status: 'queued', attempt_count: 0 });

      const second = await spawnService({ ...t.env, APP_ROLE: 'worker' });
      try {
        const job = await t.waitFor(
          async () => {
            const row = await jobOf(answer.id);
            return row.status === 'succeeded' ? row : null;
          },
          'the stalled job to be picked up and finished',
          30000,
        );
        const posts = t.sirh.requests.filter((r) => r.method === 'POST');
        expect(posts).toHaveLength(2);
        expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(1);
        expect(t.sirh.employees().filter((e) => e.externalId === 'flatchr:60:4002')).toHaveLength(1);
        expect(job.hris_id).toBe(t.sirh.employees()[0].id);
        expect((await t.db.query(`SELECT count(*) FROM employees WHERE candidate_id = '4002'`)).rows[0].count).toBe('1');
        // The killed attempt was never recorded; the one that finished was.
        expect(job.attempt_count).toBe(1);
      } finally {
        second.child.signal('SIGTERM');
        await second.exited;
      }
    });

    it('a job that stalls too often (a worker dying on it each time) ends failed, not unfinished', async () => {
      // Every push is held until the end: each worker dies holding the job.
      let release!: () => void;
      t.sirh.setFaultMode({ holdUntil: new Promise<void>((resolve) => (release = resolve)) });
      try {
        const answer = await (await t.post(hook, hiredDelivery(4003))).json();
        // BullMQ takes a stalled job back 3 times (maxStalledCount); the 4th stall fails it.
        for (let kill = 1; kill <= 4; kill++) {
          const worker = await spawnService({ ...t.env, APP_ROLE: 'worker' });
          await t.sirh.waitForRequests(kill, 60000);
          worker.child.signal('SIGKILL');
          await worker.exited;
        }
        const last = await spawnService({ ...t.env, APP_ROLE: 'worker' });
        try {
          const job = await t.waitFor(
            async () => {
              const row = await jobOf(answer.id);
              return row.status === 'failed' ? row : null;
            },
            'the job to be failed for stalling',
            60000,
          );
          expect(job.last_error).toMatch(/stalled/i);
          expect(job.finished_at).not.toBeNull();
          const posts = t.sirh.requests.filter((r) => r.method === 'POST');
          expect(posts).toHaveLength(4);
          expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(1);
        } finally {
          last.child.signal('SIGTERM');
          await last.exited;
        }
      } finally {
        release();
      }
    }, 180_000);
  });

  describe('personal data retention', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('purges old payloads and mapped records, keeps outcomes, and spares hires still in progress', async () => {
      const hire = await (await t.post(hook, hiredDelivery(4101))).json();
      await t.waitFor(async () => {
        const r = (await t.db.query(`SELECT status FROM sync_jobs WHERE delivery_id = $1`, [hire.id])).rows[0];
        return r?.status === 'succeeded';
      }, 'the hire to sync');
      const ignored = await (await t.post(hook, fixture('new_vacancy'))).json();
      const pending = await (await t.post(hook, hiredDelivery(4102))).json();
      await t.waitFor(async () => {
        const r = (await t.db.query(`SELECT status FROM sync_jobs WHERE delivery_id = $1`, [pending.id])).rows[0];
        return r?.status === 'succeeded';
      }, 'the second hire to sync');
      const recent = await (await t.post(hook, fixture('new_applicant'))).json();
      // Age everything but `recent` by 100 days; pretend `pending` is still being retried.
      await t.db.query(`UPDATE deliveries SET received_at = now() - interval '100 days' WHERE id = ANY($1)`, [
        [hire.id, ignored.id, pending.id],
      ]);
      await t.db.query(`UPDATE sync_jobs SET created_at = now() - interval '100 days' WHERE delivery_id = ANY($1)`, [
        [hire.id, pending.id],
      ]);
      await t.db.query(`UPDATE sync_jobs SET status = 'retrying' WHERE delivery_id = $1`, [pending.id]);

      const result = await t.started.app.get(PersonalDataPurger).purge(90);
      expect(result).toEqual({ deliveries: 2, syncJobs: 1, employees: 0 });

      const rows = (
        await t.db.query(`SELECT id, payload, payload_purged_at FROM deliveries WHERE id = ANY($1)`, [
          [hire.id, ignored.id, pending.id, recent.id],
        ])
      ).rows;
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect(byId[hire.id]).toMatchObject({ payload: null });
      expect(byId[hire.id].payload_purged_at).toBeTruthy();
      expect(byId[ignored.id].payload).toBeNull();
      expect(byId[pending.id].payload).not.toBeNull();
      expect(byId[recent.id].payload).not.toBeNull();

      const job = (await t.db.query(`SELECT * FROM sync_jobs WHERE delivery_id = $1`, [hire.id])).rows[0];
      expect(job).toMatchObject({ status: 'succeeded', hris_id: 'emp_1', mapped_record: null });
      expect(job.data_purged_at).toBeTruthy();
      const attempts = (await t.db.query(`SELECT http_status, response_excerpt FROM sync_attempts WHERE sync_job_id = $1`, [job.id])).rows;
      expect(attempts).toEqual([{ http_status: 201, response_excerpt: null }]);
      // Purging again finds nothing more.
      expect(await t.started.app.get(PersonalDataPurger).purge(90)).toEqual({ deliveries: 0, syncJobs: 0, employees: 0 });
    });
  });
});
