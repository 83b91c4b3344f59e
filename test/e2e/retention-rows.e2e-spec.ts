import { PersonalDataPurger } from '../../src/retention/personal-data-purger';
import { hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/** What a purge pass does to the rows, on Postgres; the hourly schedule is tested beside the purger. */
describe('personal data retention: which rows a pass purges', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The rows below are written straight to Postgres, never queued; no reconcile pass during the
    // test queues them either, so they stay exactly as written.
    t = await startTestApp({ RECONCILE_INTERVAL_MS: String(24 * 3600_000) });
  });
  afterAll(async () => {
    await t.close();
  });

  let candidate = 5000;
  /** A delivery and its sync job, `ageHours` old, with a mapped record and an HRIS answer. */
  async function storedHire(status: string, ageHours: number): Promise<{ deliveryId: string; jobId: string }> {
    const id = ++candidate;
    const d = await t.db.query(
      `INSERT INTO deliveries (event, company_id, applicant_id, candidate_id, status, is_hire, payload, received_at)
       VALUES ('drag_applicant', '60', $1, $1, 'queued', true, $2::jsonb, now() - make_interval(hours => $3)) RETURNING id`,
      [String(id), JSON.stringify(hiredDelivery(id)), ageHours],
    );
    const j = await t.db.query(
      `INSERT INTO sync_jobs (delivery_id, status, hris_system, mapped_record, found_name, created_at, updated_at)
       VALUES ($1, $2, 'generic-sirh', '{"externalId":"x"}'::jsonb, '{"firstName":"Some","lastName":"One"}'::jsonb,
               now() - make_interval(hours => $3), now() - make_interval(hours => $3))
       RETURNING id`,
      [d.rows[0].id, status, ageHours],
    );
    await t.db.query(
      `INSERT INTO sync_attempts (sync_job_id, attempt_no, started_at, duration_ms, http_status, outcome, response_excerpt, field_errors)
       VALUES ($1, 1, now(), 5, 422, 'permanent', '{"email":"someone@example.com"}', '[{"field":"email","message":"someone@example.com is taken"}]')`,
      [j.rows[0].id],
    );
    return { deliveryId: d.rows[0].id, jobId: j.rows[0].id };
  }
  const rowOf = async (h: { deliveryId: string; jobId: string }) => {
    const d = (await t.db.query('SELECT payload, payload_purged_at FROM deliveries WHERE id = $1', [h.deliveryId])).rows[0];
    const j = (await t.db.query('SELECT status, mapped_record, found_name, data_purged_at FROM sync_jobs WHERE id = $1', [h.jobId]))
      .rows[0];
    const a = (await t.db.query('SELECT response_excerpt, field_errors FROM sync_attempts WHERE sync_job_id = $1', [h.jobId])).rows[0];
    return {
      payload: d.payload !== null,
      record: j.mapped_record !== null,
      excerpt: a.response_excerpt !== null,
      // The HRIS's name for the person it linked, and its field errors (which may quote values), are personal data too.
      foundName: j.found_name !== null,
      fieldErrors: a.field_errors !== null,
      status: j.status,
    };
  };
  const KEPT = { payload: true, record: true, excerpt: true, foundName: true, fieldErrors: true };
  const PURGED = { payload: false, record: false, excerpt: false, foundName: false, fieldErrors: false };

  it('purges finished jobs of every outcome past the limit, an hour either side of the day boundary deciding', async () => {
    const days = 30;
    const boundary = days * 24;
    const succeededOld = await storedHire('succeeded', boundary + 1);
    const failedOld = await storedHire('failed', boundary + 1);
    const skippedOld = await storedHire('skipped', boundary + 1);
    const failedRecent = await storedHire('failed', boundary - 1);
    const queuedOld = await storedHire('queued', boundary + 1);
    const retryingOld = await storedHire('retrying', boundary + 1);

    const result = await t.started.app.get(PersonalDataPurger).purge(days);
    expect(result).toEqual({ deliveries: 3, syncJobs: 3, employees: 0 });

    for (const h of [succeededOld, failedOld, skippedOld]) expect(await rowOf(h)).toMatchObject(PURGED);
    // Just inside the limit: kept whole.
    expect(await rowOf(failedRecent)).toMatchObject(KEPT);
    // Unfinished hires keep everything the worker still needs, however old.
    for (const h of [queuedOld, retryingOld]) expect(await rowOf(h)).toMatchObject(KEPT);
    // The outcome stays.
    expect((await rowOf(failedOld)).status).toBe('failed');
  });
});
