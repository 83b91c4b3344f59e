import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../src/database/migrations';
import { SyncJobRunAndReadModel1764800000000 } from '../../src/database/migrations/1764800000000-SyncJobRunAndReadModel';
import { SyncJobsRepository } from '../../src/sync/sync-jobs.repository';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';
import { fixture, hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';
import { createTestDatabase } from '../harness/database';

const READ_MODEL = `SELECT candidate_first_name, candidate_last_name, candidate_email, vacancy_title, company_name FROM deliveries WHERE id = $1`;

describe('sync persistence: read model columns and the run column', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('fills the read model at ingestion, duplicates included, and the dashboard finds the job by it alone', async () => {
    const body = hiredDelivery(9101, { email: 'Read.Model@Example.com' });
    const answer = await deliver(t, body);
    const expected = {
      candidate_first_name: 'Hubert',
      candidate_last_name: 'Delajaque',
      candidate_email: 'Read.Model@Example.com',
      vacancy_title: 'Account Executive',
      company_name: "L'entreprise",
    };
    expect((await t.db.query(READ_MODEL, [answer.id])).rows[0]).toEqual(expected);
    const duplicate = await deliver(t, body);
    expect(duplicate.status).toBe('duplicate');
    expect((await t.db.query(READ_MODEL, [duplicate.id])).rows[0]).toEqual(expected);
    // A delivery that is not a hire is stored with its columns too.
    const other = await deliver(t, fixture('new_message'));
    expect((await t.db.query('SELECT status FROM deliveries WHERE id = $1', [other.id])).rows[0].status).toBe('ignored');

    const job = await waitForStatus(t, answer.syncJobId!, ['succeeded']);
    // The body and the mapped record gone, the dashboard still lists and finds the person: it reads only the columns.
    await t.db.query('UPDATE sync_jobs SET mapped_record = NULL WHERE id = $1', [job.id]);
    await t.db.query('UPDATE deliveries SET payload = NULL WHERE id = $1', [answer.id]);
    for (const q of ['read.model@example', 'Delajaque Hubert', 'hubert dela']) {
      const list = await (await t.get(`/api/sync-jobs?q=${encodeURIComponent(q)}`, ops)).json();
      expect(list.items.map((i: any) => i.id)).toEqual([job.id]);
      expect(list.items[0]).toMatchObject({
        candidateName: 'Hubert Delajaque',
        email: 'Read.Model@Example.com',
        vacancy: 'Account Executive',
        company: "L'entreprise",
      });
    }
    const deliveries = await (await t.get(`/api/deliveries?q=9101`, ops)).json();
    expect(deliveries.items.map((d: any) => [d.status, d.candidateName])).toEqual([
      ['duplicate', 'Hubert Delajaque'],
      ['queued', 'Hubert Delajaque'],
    ]);
  });

  it('counts runs in sync_jobs.run: each retry or replay adds one, a refused one none', async () => {
    const { syncJobId } = await deliver(t, hiredDelivery(9102));
    const id = syncJobId!;
    await waitForStatus(t, id, ['succeeded']);
    const jobs = t.started.app.get(SyncJobsRepository);
    expect(await jobs.requeue(id, 'retry', 'ops', ['failed'])).toBeNull();
    const runOf = async () => (await t.db.query('SELECT run FROM sync_jobs WHERE id = $1', [id])).rows[0].run;
    expect(await runOf()).toBe(0);
    expect(await jobs.requeue(id, 'replay', 'ops', ['succeeded'])).toMatchObject({ run: 1 });
    // Set back to a finished status by hand, as a run would: the next replay is run 2.
    await t.db.query(`UPDATE sync_jobs SET status = 'succeeded' WHERE id = $1`, [id]);
    expect(await jobs.requeue(id, 'replay', 'ops', ['succeeded'])).toMatchObject({ run: 2 });
    expect(await runOf()).toBe(2);
    const events = (await t.db.query(`SELECT type FROM sync_job_events WHERE sync_job_id = $1 AND type = 'replay'`, [id])).rows;
    expect(events).toHaveLength(2);
  });

  it("refuses a status outside the list (no row is ever 'running')", async () => {
    const { syncJobId } = await deliver(t, hiredDelivery(9103));
    await expect(t.db.query(`UPDATE sync_jobs SET status = 'running' WHERE id = $1`, [syncJobId])).rejects.toThrow(/CHK_sync_jobs_status/);
  });
});

describe('migration SyncJobRunAndReadModel', () => {
  it('backfills run, the read model (a duplicate from its original) and turns running rows into retrying; no drift left', async () => {
    const database = await createTestDatabase();
    const before = new DataSource({
      ...buildDataSourceOptions(database.url),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(SyncJobRunAndReadModel1764800000000)),
    });
    await before.initialize();
    try {
      await before.runMigrations();
      const body = hiredDelivery(9201);
      body.data.vacancy.title = '  Padded title  ';
      const [original] = await before.query(
        `INSERT INTO deliveries (event, status, is_hire, dedupe_key, payload) VALUES ('drag_applicant', 'queued', true, 'k1', $1::jsonb) RETURNING id`,
        [JSON.stringify(body)],
      );
      const [duplicate] = await before.query(
        `INSERT INTO deliveries (event, status, is_hire, duplicate_of) VALUES ('drag_applicant', 'duplicate', true, $1) RETURNING id`,
        [original.id],
      );
      const [purged] = await before.query(
        `INSERT INTO deliveries (event, status, is_hire, payload_purged_at) VALUES ('drag_applicant', 'queued', true, now()) RETURNING id`,
      );
      const [retried] = await before.query(
        `INSERT INTO sync_jobs (delivery_id, status, hris_system) VALUES ($1, 'succeeded', 'generic-sirh') RETURNING id`,
        [original.id],
      );
      const [running] = await before.query(
        `INSERT INTO sync_jobs (delivery_id, status, hris_system) VALUES ($1, 'running', 'generic-sirh') RETURNING id`,
        [purged.id],
      );
      await before.query(
        `INSERT INTO sync_job_events (sync_job_id, type, from_status, to_status, actor)
         VALUES ($1, 'retry', 'failed', 'queued', 'ops'), ($1, 'replay', 'succeeded', 'queued', 'ops'), ($1, 'status', 'queued', 'succeeded', 'worker')`,
        [retried.id],
      );
      await before.destroy();

      const after = new DataSource(buildDataSourceOptions(database.url));
      await after.initialize();
      try {
        await after.runMigrations();
        const jobs = await after.query(`SELECT id, run, status FROM sync_jobs ORDER BY run DESC`);
        expect(jobs).toEqual([
          { id: retried.id, run: 2, status: 'succeeded' },
          { id: running.id, run: 0, status: 'retrying' },
        ]);
        const expected = {
          candidate_first_name: 'Hubert',
          candidate_last_name: 'Delajaque',
          candidate_email: 'candidate9201@example.com',
          vacancy_title: 'Padded title',
          company_name: "L'entreprise",
        };
        expect((await after.query(READ_MODEL, [original.id]))[0]).toEqual(expected);
        expect((await after.query(READ_MODEL, [duplicate.id]))[0]).toEqual(expected);
        expect(Object.values((await after.query(READ_MODEL, [purged.id]))[0])).toEqual([null, null, null, null, null]);
        // The entities and the migrations describe the same schema (what `npm run migration:generate` would find).
        const drift = await after.driver.createSchemaBuilder().log();
        expect(drift.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await after.destroy();
      }
    } finally {
      if (before.isInitialized) await before.destroy();
      await database.drop();
    }
  });
});
