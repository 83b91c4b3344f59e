import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { SyncJobsRepository } from '../../src/sync/sync-jobs.repository';
import { HIRE_SYNC_QUEUE } from '../../src/sync/queue.constants';
import { TestApp, SIRH_API_KEY, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';
import { expectedEmployee, fixture, hiredDelivery } from '../support/fixtures';
import { TEST_REDIS_URL } from '../harness/local-services';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;
const SIRH_TIMEOUT_MS = 5000;

describe('hire sync: webhook -> queue -> employee -> SIRH', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A time-out far above any answer time on a busy machine: only the 'hang' test reaches it, so
    // the exact attempt counts below cannot gain a spurious time-out.
    t = await startTestApp({ SYNC_MAX_ATTEMPTS: '3', SIRH_TIMEOUT_MS: String(SIRH_TIMEOUT_MS) });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => t.sirh.reset());

  const syncJob = (deliveryId: string) => t.db.query('SELECT * FROM sync_jobs WHERE delivery_id = $1', [deliveryId]).then((r) => r.rows[0]);
  const attempts = (syncJobId: string) =>
    t.db.query('SELECT * FROM sync_attempts WHERE sync_job_id = $1 ORDER BY attempt_no', [syncJobId]).then((r) => r.rows);
  const finished = (deliveryId: string) =>
    t.waitFor(async () => {
      const job = await syncJob(deliveryId);
      return job && ['succeeded', 'failed', 'skipped'].includes(job.status) ? job : null;
    }, `sync job of delivery ${deliveryId} to finish`);
  const deliver = async (body: unknown) => {
    const res = await t.post(hook, body);
    expect(res.status).toBe(202);
    return res.json() as Promise<{ id: string; status: string }>;
  };

  it("creates the documented example's employee once, with the contract's body and headers", async () => {
    const answer = await deliver(fixture('drag_applicant.hired'));
    expect(answer.status).toBe('queued');
    const job = await finished(answer.id);
    expect(job.status).toBe('succeeded');
    expect(job.hris_id).toBe('emp_1');

    const posts = t.sirh.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].path).toBe('/employees');
    expect(posts[0].headers.authorization).toBe(`Bearer ${SIRH_API_KEY}`);
    expect(posts[0].headers['content-type']).toMatch(/^application\/json/);
    expect(posts[0].headers['idempotency-key']).toBe('hirebridge:flatchr:60:1260');
    expect(posts[0].body).toEqual(expectedEmployee('drag_applicant.hired'));

    const employees = (await t.db.query('SELECT * FROM employees')).rows;
    expect(employees).toHaveLength(1);
    expect(employees[0]).toMatchObject({ company_id: '60', candidate_id: '1260', hris_id: 'emp_1' });
    expect(await attempts(job.id)).toEqual([expect.objectContaining({ attempt_no: 1, http_status: 201, outcome: 'succeeded' })]);
  });

  it('writes the row once, after the SIRH answered: attempt, employee and the run on the timeline', async () => {
    // The SIRH holds the call until the row has been checked and at least 200 ms have passed.
    let release!: () => void;
    t.sirh.enqueueFaults({ holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const answer = await deliver(hiredDelivery(2014));
    const [received] = await t.sirh.waitForRequests(1, 10000);
    // Mid-call the row is as the webhook stored it: nothing is written before the SIRH answers.
    expect(await syncJob(answer.id)).toMatchObject({ status: 'queued', attempt_count: 0, started_at: null, employee_id: null });
    await t.waitFor(async () => Date.now() - received.receivedAt.getTime() >= 200, '200 ms of call');
    release();

    const job = await finished(answer.id);
    expect(job).toMatchObject({ status: 'succeeded', attempt_count: 1, hris_id: 'emp_1', idempotency_key: 'hirebridge:flatchr:60:2014' });
    expect(job.mapped_record.externalId).toBe('flatchr:60:2014');
    const employee = (await t.db.query(`SELECT * FROM employees WHERE candidate_id = '2014'`)).rows[0];
    expect(employee).toMatchObject({ id: job.employee_id, hris_id: 'emp_1' });
    expect(employee.hris_synced_at).not.toBeNull();
    const [attempt] = await attempts(job.id);
    const events = (
      await t.db.query('SELECT at, from_status, to_status, detail FROM sync_job_events WHERE sync_job_id = $1 ORDER BY at, id', [job.id])
    ).rows;
    // One entry per run, written with its outcome; no row or entry is ever 'running'.
    expect(events).toEqual([expect.objectContaining({ from_status: 'queued', to_status: 'succeeded', detail: 'SIRH id emp_1' })]);
    expect(job.started_at.getTime()).toBeLessThanOrEqual(attempt.started_at.getTime());
    expect(attempt.duration_ms).toBeGreaterThanOrEqual(150);
    expect(events[0].at.getTime()).toBeGreaterThanOrEqual(attempt.started_at.getTime() + 150);
  });

  it('records a late attempt of a run taken over, without undoing the job it finds succeeded', async () => {
    const answer = await deliver(hiredDelivery(2099));
    const job = await finished(answer.id);
    expect(job.status).toBe('succeeded');
    // What a stalled run that was taken over writes when its own call finally fails.
    await t.started.app.get(SyncJobsRepository).recordAttempt(
      job.id,
      new Date(),
      {
        key: { companyId: '60', candidateId: '2099' },
        record: job.mapped_record,
        hrisSystem: job.hris_system,
        idempotencyKey: job.idempotency_key,
        connectionId: 'default',
        startDateToConfirm: false,
      },
      {
        status: 'retrying',
        hrisId: null,
        startedAt: new Date(),
        durationMs: 5,
        httpStatus: 503,
        outcome: 'retryable',
        responseExcerpt: 'busy',
        error: 'SIRH answered 503',
      },
    );
    const after = await syncJob(answer.id);
    expect(after).toMatchObject({ status: 'succeeded', hris_id: 'emp_1', last_error: null, attempt_count: 2 });
    expect(after.finished_at).toEqual(job.finished_at);
    expect((await attempts(job.id)).map((a) => a.http_status)).toEqual([201, 503]);
  });

  /** Delivers `body` while the queue is paused, lets `tamper` change the stored rows, then lets the worker run. */
  async function deliverTampered(body: unknown, tamper: (deliveryId: string) => Promise<unknown>) {
    const redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(HIRE_SYNC_QUEUE, { connection: redis, prefix: t.queuePrefix });
    try {
      await queue.pause();
      const answer = await deliver(body);
      await tamper(answer.id);
      await queue.resume();
      return await finished(answer.id);
    } finally {
      await queue.resume();
      await queue.close();
      redis.disconnect();
    }
  }

  it("finds the person by the mapper's key when the delivery's key columns say otherwise", async () => {
    const first = await deliver(hiredDelivery(2015, { updatedAt: '2022-02-01T10:00:00.000Z' }));
    expect((await finished(first.id)).status).toBe('succeeded');
    const job = await deliverTampered(hiredDelivery(2015, { updatedAt: '2022-02-03T10:00:00.000Z' }), (id) =>
      t.db.query('UPDATE deliveries SET company_id = NULL, candidate_id = NULL WHERE id = $1', [id]),
    );
    expect(job.status).toBe('skipped');
    expect(job.hris_id).toBe('emp_1');
    expect(t.sirh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('fails a stored hire that cannot be mapped for good, without calling the SIRH', async () => {
    const job = await deliverTampered(hiredDelivery(2016), (id) =>
      t.db.query(`UPDATE deliveries SET payload = jsonb_set(payload, '{data,candidate,lastname}', '""') WHERE id = $1`, [id]),
    );
    expect(job).toMatchObject({ status: 'failed', attempt_count: 0, employee_id: null });
    expect(job.last_error).toMatch(/data\.candidate\.lastname/);
    expect(job.finished_at).not.toBeNull();
    expect(await attempts(job.id)).toEqual([]);
    expect(t.sirh.requests).toHaveLength(0);
    const events = (await t.db.query('SELECT from_status, to_status FROM sync_job_events WHERE sync_job_id = $1 ORDER BY at, id', [job.id]))
      .rows;
    expect(events).toEqual([{ from_status: 'queued', to_status: 'failed' }]);
  });

  it('four identical deliveries at the same moment make one delivery, one employee, one SIRH call', async () => {
    const body = hiredDelivery(2001);
    const answers = await Promise.all([1, 2, 3, 4].map(() => t.post(hook, body).then((r) => r.json())));
    expect(answers.map((a) => a.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'queued']);
    const original = answers.find((a) => a.status === 'queued')!;
    await finished(original.id);
    expect((await t.db.query(`SELECT count(*) FROM employees WHERE candidate_id = '2001'`)).rows[0].count).toBe('1');
    expect((await t.db.query(`SELECT count(*) FROM sync_jobs WHERE delivery_id = $1`, [original.id])).rows[0].count).toBe('1');
    expect(t.sirh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(t.sirh.employees().filter((e) => e.externalId === 'flatchr:60:2001')).toHaveLength(1);
  });

  it('a candidate dragged out of and back into the hired column is not created twice', async () => {
    const first = await deliver(hiredDelivery(2002, { updatedAt: '2022-02-01T10:00:00.000Z' }));
    expect((await finished(first.id)).status).toBe('succeeded');
    const again = await deliver(hiredDelivery(2002, { updatedAt: '2022-02-03T10:00:00.000Z' }));
    expect(again.status).toBe('queued');
    const job = await finished(again.id);
    expect(job.status).toBe('skipped');
    expect(job.hris_id).toBe(t.sirh.employees()[0].id);
    expect(t.sirh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect((await t.db.query(`SELECT count(*) FROM employees WHERE candidate_id = '2002'`)).rows[0].count).toBe('1');
  });

  it('retries 5xx with backoff: 503, 500, then 201 succeeds on the third attempt', async () => {
    t.sirh.enqueueFaults({ status: 503 }, { status: 500 });
    const answer = await deliver(hiredDelivery(2003));
    const job = await finished(answer.id);
    expect(job.status).toBe('succeeded');
    expect(job.attempt_count).toBe(3);
    expect((await attempts(job.id)).map((a) => [a.http_status, a.outcome])).toEqual([
      [503, 'retryable'],
      [500, 'retryable'],
      [201, 'succeeded'],
    ]);
    // The same Idempotency-Key on every attempt.
    const keys = new Set(t.sirh.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']));
    expect([...keys]).toEqual(['hirebridge:flatchr:60:2003']);
  });

  it('gives up after SYNC_MAX_ATTEMPTS on a SIRH that keeps failing, keeping the last error', async () => {
    t.sirh.enqueueFaults({ status: 502 }, { status: 502 }, { status: 502 });
    const job = await finished((await deliver(hiredDelivery(2004))).id);
    expect(job.status).toBe('failed');
    expect(job.attempt_count).toBe(3);
    expect(job.last_error).toMatch(/502/);
  });

  it('waits out a 429 for Retry-After without using up an attempt', async () => {
    // Three 429s then a success: with SYNC_MAX_ATTEMPTS=3 this only succeeds if 429s are not counted.
    t.sirh.enqueueFaults(
      { status: 429, retryAfterSeconds: 1 },
      { status: 429, retryAfterSeconds: 0 },
      { status: 429, retryAfterSeconds: 0 },
      { status: 503 },
    );
    const started = Date.now();
    const job = await finished((await deliver(hiredDelivery(2005))).id);
    expect(job.status).toBe('succeeded');
    const posts = t.sirh.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(5);
    // The first retry came no sooner than Retry-After said.
    expect(posts[1].receivedAt.getTime() - posts[0].receivedAt.getTime()).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect((await attempts(job.id)).map((a) => a.outcome)).toEqual([
      'rate_limited',
      'rate_limited',
      'rate_limited',
      'retryable',
      'succeeded',
    ]);
  });

  it('fails for good on 422, after one attempt, keeping what the SIRH said', async () => {
    t.sirh.enqueueFaults({ status: 422, body: { error: 'invalid employee', details: [{ field: 'startDate', message: 'required' }] } });
    const job = await finished((await deliver(hiredDelivery(2006))).id);
    expect(job.status).toBe('failed');
    expect(job.attempt_count).toBe(1);
    expect(job.last_error).toMatch(/422/);
    const [attempt] = await attempts(job.id);
    expect(attempt).toMatchObject({ http_status: 422, outcome: 'permanent' });
    expect(attempt.response_excerpt).toContain('startDate');
    expect(t.sirh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('fails for good on 401 (bad credentials) without retrying', async () => {
    t.sirh.enqueueFaults({ status: 401 });
    const job = await finished((await deliver(hiredDelivery(2007))).id);
    expect(job.status).toBe('failed');
    expect(job.attempt_count).toBe(1);
  });

  it('links to the existing employee on 409, taking the id from the answer', async () => {
    const existing = t.sirh.seedEmployee({ externalId: 'hr:manual:1', email: 'candidate2008@example.com', firstName: 'A', lastName: 'B' });
    const job = await finished((await deliver(hiredDelivery(2008))).id);
    expect(job.status).toBe('succeeded');
    expect(job.hris_id).toBe(existing.id);
    expect(t.sirh.employees()).toHaveLength(1);
    const employee = (await t.db.query(`SELECT hris_id FROM employees WHERE candidate_id = '2008'`)).rows[0];
    expect(employee.hris_id).toBe(existing.id);
  });

  it('links on a 409 without id by looking the employee up', async () => {
    const existing = t.sirh.seedEmployee({ externalId: 'hr:manual:2', email: 'candidate2009@example.com', firstName: 'C', lastName: 'D' });
    t.sirh.enqueueFaults({ status: 409, body: { error: 'employee with this email already exists' } });
    const job = await finished((await deliver(hiredDelivery(2009))).id);
    expect(job.status).toBe('succeeded');
    expect(job.hris_id).toBe(existing.id);
    const lookups = t.sirh.requests.filter((r) => r.method === 'GET' && r.path === '/employees');
    expect(lookups.length).toBeGreaterThanOrEqual(1);
  });

  it('retries a SIRH that hangs past SIRH_TIMEOUT_MS', async () => {
    t.sirh.enqueueFaults({ hang: true });
    const job = await finished((await deliver(hiredDelivery(2010))).id);
    expect(job.status).toBe('succeeded');
    const rows = await attempts(job.id);
    expect(rows.map((a) => a.outcome)).toEqual(['retryable', 'succeeded']);
    expect(rows[0].http_status).toBeNull();
    expect(rows[0].error).toMatch(new RegExp(`did not answer within ${SIRH_TIMEOUT_MS} ms`));
  });

  it('retries when the SIRH resets the connection', async () => {
    t.sirh.enqueueFaults({ destroy: true });
    const job = await finished((await deliver(hiredDelivery(2011))).id);
    expect(job.status).toBe('succeeded');
    expect(job.attempt_count).toBe(2);
  });

  it('marks the job failed when every attempt breaks on something unexpected (here: our own database)', async () => {
    // A real fault in Postgres: a trigger that refuses this one candidate's employee row, which the
    // worker writes with the outcome, after the SIRH call.
    await t.db.query(`CREATE FUNCTION refuse_2012() RETURNS trigger AS $$
      BEGIN IF NEW.candidate_id = '2012' THEN RAISE EXCEPTION 'employees table refused candidate 2012'; END IF; RETURN NEW; END
      $$ LANGUAGE plpgsql`);
    await t.db.query(`CREATE TRIGGER refuse_2012 BEFORE INSERT ON employees FOR EACH ROW EXECUTE FUNCTION refuse_2012()`);
    try {
      const job = await finished((await deliver(hiredDelivery(2012))).id);
      expect(job.status).toBe('failed');
      expect(job.last_error).toMatch(/refused candidate 2012/);
      // Each attempt reached the SIRH, always with the same Idempotency-Key: the person exists there once.
      const posts = t.sirh.requests.filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(3);
      expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(1);
      expect(t.sirh.employees().filter((e) => e.externalId === 'flatchr:60:2012')).toHaveLength(1);
    } finally {
      await t.db.query('DROP TRIGGER refuse_2012 ON employees');
      await t.db.query('DROP FUNCTION refuse_2012()');
    }
  });
});
