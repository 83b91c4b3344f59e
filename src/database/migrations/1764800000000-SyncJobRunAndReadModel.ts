import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - sync_jobs.run: the current run's number, kept by the retry/replay statement instead of being
 *   counted from the timeline each time (backfilled from it).
 * - No row is ever 'running' any more: rows left so by older versions are unfinished, so they
 *   become 'retrying' (the reconciler re-adds them), and a check keeps the statuses to the list.
 * - deliveries: who and for which vacancy, as columns (the dashboard's read model), backfilled from
 *   the stored bodies; a duplicate takes its original's. Purged deliveries have no body left: nothing to fill.
 */
export class SyncJobRunAndReadModel1764800000000 implements MigrationInterface {
  name = 'SyncJobRunAndReadModel1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_jobs" ADD "run" integer NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE "sync_jobs" j SET "run" = e.n
        FROM (SELECT "sync_job_id", count(*)::int AS n FROM "sync_job_events"
               WHERE "type" IN ('retry', 'replay') GROUP BY "sync_job_id") e
       WHERE e."sync_job_id" = j."id"`);
    await q.query(`UPDATE "sync_jobs" SET "status" = 'retrying' WHERE "status" = 'running'`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "CHK_sync_jobs_status"
      CHECK ("status" IN ('queued', 'retrying', 'succeeded', 'failed', 'skipped'))`);

    await q.query(`ALTER TABLE "deliveries" ADD "candidate_first_name" text`);
    await q.query(`ALTER TABLE "deliveries" ADD "candidate_last_name" text`);
    await q.query(`ALTER TABLE "deliveries" ADD "candidate_email" text`);
    await q.query(`ALTER TABLE "deliveries" ADD "vacancy_title" text`);
    await q.query(`ALTER TABLE "deliveries" ADD "company_name" text`);
    // As the webhook reads new bodies (summarize in flatchr-delivery.parser.ts): trimmed, empty as null.
    await q.query(`
      UPDATE "deliveries" d
         SET "candidate_first_name" = NULLIF(btrim(s.payload #>> '{data,candidate,firstname}'), ''),
             "candidate_last_name" = NULLIF(btrim(s.payload #>> '{data,candidate,lastname}'), ''),
             "candidate_email" = NULLIF(btrim(s.payload #>> '{data,candidate,email}'), ''),
             "vacancy_title" = NULLIF(btrim(s.payload #>> '{data,vacancy,title}'), ''),
             "company_name" = NULLIF(btrim(s.payload #>> '{data,company,name}'), '')
        FROM (SELECT x."id", COALESCE(x."payload", o."payload") AS payload
                FROM "deliveries" x LEFT JOIN "deliveries" o ON o."id" = x."duplicate_of") s
       WHERE s."id" = d."id" AND jsonb_typeof(s.payload) = 'object'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "company_name"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "vacancy_title"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "candidate_email"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "candidate_last_name"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "candidate_first_name"`);
    await q.query(`ALTER TABLE "sync_jobs" DROP CONSTRAINT "CHK_sync_jobs_status"`);
    await q.query(`ALTER TABLE "sync_jobs" DROP COLUMN "run"`);
  }
}
