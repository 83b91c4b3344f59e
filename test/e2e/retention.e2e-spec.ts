import IORedis from 'ioredis';
import { Client } from 'pg';
import { PersonalDataPurger } from '../../src/retention/personal-data-purger';
import { fixture } from '../support/fixtures';
import { TEST_REDIS_URL } from '../harness/local-services';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;

// Flatchr's hired example: the person's email and phone, as Flatchr sends it and as the SIRH gets it.
const EMAIL = 'delajaque@mail.com';
const PHONES = ['+33 6 76 56 45 23', '+33676564523'];
const NEEDLES = [EMAIL, ...PHONES];

/** Every text, varchar and json(b) column of every table that holds one of the needles: "table.column". */
async function columnsHolding(db: Client, needles: string[]): Promise<string[]> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`,
  );
  expect(columns.length).toBeGreaterThan(10);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await db.query(
      `SELECT 1 FROM "${table}" WHERE ${needles.map((_, i) => `strpos("${column}"::text, $${i + 1}) > 0`).join(' OR ')} LIMIT 1`,
      needles,
    );
    if (rows.length > 0) found.push(`${table}.${column}`);
  }
  return found.sort();
}

/** Queue keys in Redis whose content holds a needle (hashes, strings, lists, streams). */
async function queueKeysHolding(prefix: string, needles: string[]): Promise<string[]> {
  const redis = new IORedis(TEST_REDIS_URL);
  const found: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const content =
          type === 'hash'
            ? await redis.hgetall(key)
            : type === 'string'
              ? await redis.get(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'stream'
                  ? await redis.xrange(key, '-', '+')
                  : type === 'zset'
                    ? await redis.zrange(key, '0', '-1')
                    : type === 'set'
                      ? await redis.smembers(key)
                      : null;
        const text = JSON.stringify(content);
        if (needles.some((n) => text.includes(n))) found.push(key);
      }
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return found;
}

describe('personal data retention: every copy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('after RETENTION_DAYS, the email and phone are in no column of any table, nor in the queue', async () => {
    // The SIRH's first answer quotes the person, so errors, attempts and the timeline hold copies too.
    t.sirh.enqueueFaults({ status: 503, body: { error: `cannot create ${EMAIL} (${PHONES[1]}) right now` } });
    const hire = await (await t.post(hook, fixture('drag_applicant.hired'))).json();
    const job = await t.waitFor(async () => {
      const r = (await t.db.query(`SELECT id, status FROM sync_jobs WHERE delivery_id = $1`, [hire.id])).rows[0];
      return r?.status === 'succeeded' ? r : null;
    }, 'the hire to sync after one retry');

    // The search finds the copies it is meant to find.
    expect(await columnsHolding(t.db, NEEDLES)).toEqual(
      expect.arrayContaining([
        'deliveries.payload',
        'employees.record',
        'sync_attempts.error',
        'sync_attempts.response_excerpt',
        'sync_jobs.mapped_record',
      ]),
    );

    await t.db.query(`UPDATE deliveries SET received_at = received_at - interval '100 days'`);
    await t.db.query(`UPDATE sync_jobs SET created_at = created_at - interval '100 days'`);
    await t.db.query(`UPDATE employees SET updated_at = updated_at - interval '100 days'`);
    const purger = t.started.app.get(PersonalDataPurger);
    expect(await purger.purge(90)).toEqual({ deliveries: 1, syncJobs: 1, employees: 1 });

    expect(await columnsHolding(t.db, NEEDLES)).toEqual([]);
    // What the history keeps: outcome, ids and the error, without the person.
    const kept = (await t.db.query(`SELECT status, hris_id, data_purged_at FROM sync_jobs WHERE id = $1`, [job.id])).rows[0];
    expect(kept).toMatchObject({ status: 'succeeded', hris_id: 'emp_1', data_purged_at: expect.any(Date) });
    const attempts = (await t.db.query(`SELECT http_status, error FROM sync_attempts WHERE sync_job_id = $1 ORDER BY attempt_no`, [job.id]))
      .rows;
    expect(attempts.map((a) => a.http_status)).toEqual([503, 201]);
    expect(attempts[0].error).toContain('[purged]');
    const employee = (await t.db.query(`SELECT external_id, hris_id, record, record_purged_at FROM employees`)).rows;
    expect(employee).toEqual([{ external_id: 'flatchr:60:1260', hris_id: 'emp_1', record: null, record_purged_at: expect.any(Date) }]);

    // The job's queue entry is gone; the event stream keeps only entries younger than the retention.
    expect((await queueKeysHolding(t.queuePrefix, NEEDLES)).filter((k) => !k.endsWith(':events'))).toEqual([]);
    await purger.purge(0);
    expect(await queueKeysHolding(t.queuePrefix, NEEDLES)).toEqual([]);

    // A person purged and hired again is still created once: the employee row keeps the SIRH id.
    const rehired = fixture('drag_applicant.hired');
    rehired.data.applicant.updated_at = '2030-01-01T00:00:00.000Z';
    const again = await (await t.post(hook, rehired)).json();
    const rerun = await t.waitFor(async () => {
      const r = (await t.db.query(`SELECT status FROM sync_jobs WHERE delivery_id = $1`, [again.id])).rows[0];
      return r && ['succeeded', 'skipped', 'failed'].includes(r.status) ? r : null;
    }, 'the re-hire to finish');
    expect(rerun.status).toBe('skipped');
    expect(t.sirh.employees()).toHaveLength(1);
  });

  it('an employee purged before the SIRH ever had them gets a record again when re-hired', async () => {
    await t.db.query(
      `DELETE FROM sync_attempts; DELETE FROM sync_job_events; DELETE FROM sync_jobs; DELETE FROM employees; DELETE FROM deliveries`,
    );
    t.sirh.reset();
    t.sirh.enqueueFaults({ status: 422, body: { error: 'refused' } });
    const first = fixture('drag_applicant.hired');
    first.data.applicant.updated_at = '2031-01-01T00:00:00.000Z';
    const failed = await (await t.post(hook, first)).json();
    await t.waitFor(async () => {
      const r = (await t.db.query(`SELECT status FROM sync_jobs WHERE delivery_id = $1`, [failed.id])).rows[0];
      return r?.status === 'failed';
    }, 'the hire to fail');
    await t.db.query(`UPDATE deliveries SET received_at = received_at - interval '100 days'`);
    await t.db.query(`UPDATE sync_jobs SET created_at = created_at - interval '100 days'`);
    await t.db.query(`UPDATE employees SET updated_at = updated_at - interval '100 days'`);
    expect(await t.started.app.get(PersonalDataPurger).purge(90)).toEqual({ deliveries: 1, syncJobs: 1, employees: 1 });

    const again = fixture('drag_applicant.hired');
    again.data.applicant.updated_at = '2031-02-01T00:00:00.000Z';
    const rehired = await (await t.post(hook, again)).json();
    await t.waitFor(async () => {
      const r = (await t.db.query(`SELECT status FROM sync_jobs WHERE delivery_id = $1`, [rehired.id])).rows[0];
      return r?.status === 'succeeded';
    }, 'the re-hire to sync');
    const { rows } = await t.db.query(`SELECT record->>'email' AS email, record_purged_at, hris_id FROM employees`);
    expect(rows).toEqual([{ email: EMAIL, record_purged_at: null, hris_id: 'emp_1' }]);
  });
});
