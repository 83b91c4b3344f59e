import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catching up on hires from Flatchr's REST API:
 * - sync_jobs.source: how the hire came ('webhook', or 'flatchr-api' for catch-up and backfill);
 *   write_back_status/detail: the note left on the applicant in Flatchr, kept apart from the hire's status.
 * - connections: the Flatchr link's health (last catch-up, hires no webhook brought, refused key).
 * - flatchr_backfills: one row per backfill asked, its progress surviving restarts.
 */
export class FlatchrCatchUp1765200000000 implements MigrationInterface {
  name = 'FlatchrCatchUp1765200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_jobs" ADD "source" text NOT NULL DEFAULT 'webhook'`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "CHK_sync_jobs_source" CHECK ("source" IN ('webhook', 'flatchr-api'))`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "write_back_status" text`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "write_back_detail" text`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "CHK_sync_jobs_write_back_status"
      CHECK ("write_back_status" IS NULL OR "write_back_status" IN ('pending', 'done', 'failed'))`);

    // Partial: the sweep that re-queues lost write-backs reads only these few rows.
    await q.query(`CREATE INDEX "IDX_sync_jobs_write_back_pending" ON "sync_jobs" ("finished_at") WHERE "write_back_status" = 'pending'`);

    await q.query(`ALTER TABLE "connections" ADD "flatchr_last_catch_up_at" timestamptz`);
    await q.query(`ALTER TABLE "connections" ADD "flatchr_last_catch_up_success_at" timestamptz`);
    await q.query(`ALTER TABLE "connections" ADD "flatchr_last_catch_up_error" text`);
    await q.query(`ALTER TABLE "connections" ADD "flatchr_found_without_webhook" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "connections" ADD "flatchr_key_refused" boolean NOT NULL DEFAULT false`);

    await q.query(`
      CREATE TABLE "flatchr_backfills" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "connection_id" uuid NOT NULL,
        "since" date NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "found" integer NOT NULL DEFAULT 0,
        "created" integer NOT NULL DEFAULT 0,
        "duplicates" integer NOT NULL DEFAULT 0,
        "failed" integer NOT NULL DEFAULT 0,
        "done_until" date,
        "error" text,
        "requested_by" text NOT NULL,
        "claimed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_flatchr_backfills" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_flatchr_backfills_status" CHECK ("status" IN ('pending', 'running', 'succeeded', 'failed')),
        CONSTRAINT "FK_flatchr_backfills_connection" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_flatchr_backfills_connection" ON "flatchr_backfills" ("connection_id", "created_at")`);
    await q.query(`CREATE INDEX "IDX_flatchr_backfills_status" ON "flatchr_backfills" ("status")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "flatchr_backfills"`);
    for (const c of [
      'flatchr_key_refused',
      'flatchr_found_without_webhook',
      'flatchr_last_catch_up_error',
      'flatchr_last_catch_up_success_at',
      'flatchr_last_catch_up_at',
    ]) {
      await q.query(`ALTER TABLE "connections" DROP COLUMN "${c}"`);
    }
    await q.query(`DROP INDEX "IDX_sync_jobs_write_back_pending"`);
    await q.query(`ALTER TABLE "sync_jobs" DROP CONSTRAINT "CHK_sync_jobs_write_back_status"`);
    await q.query(`ALTER TABLE "sync_jobs" DROP CONSTRAINT "CHK_sync_jobs_source"`);
    for (const c of ['write_back_detail', 'write_back_status', 'source']) await q.query(`ALTER TABLE "sync_jobs" DROP COLUMN "${c}"`);
  }
}
