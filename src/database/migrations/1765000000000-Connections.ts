import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - connections: one HRIS account each, serving the Flatchr companies it lists; credentials stored
 *   encrypted (AES-256-GCM, see src/connections/credentials-cipher.ts), never in clear.
 * - sync_jobs: the connection the run uses (fixed when the run starts; `default` is the one from
 *   SIRH_BASE_URL), what the operator should know of a push that went through (notices),
 *   the steps of a multi-call creation done so far, and whether the start date was derived by rule.
 * - a new status, waiting_connection: a hire of a company no connection serves, kept until one does.
 */
export class Connections1765000000000 implements MigrationInterface {
  name = 'Connections1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "connections" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "provider" text NOT NULL,
        "company_ids" text[] NOT NULL DEFAULT '{}',
        "base_url" text,
        "credentials_ciphertext" text,
        "settings" jsonb NOT NULL DEFAULT '{}',
        "requests_per_minute" integer,
        "enabled" boolean NOT NULL DEFAULT true,
        "health" text NOT NULL DEFAULT 'unknown',
        "health_detail" text,
        "health_changed_at" timestamptz,
        "last_success_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_connections" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_connections_name" UNIQUE ("name"),
        CONSTRAINT "CHK_connections_health" CHECK ("health" IN ('unknown', 'ok', 'failing'))
      )`);
    await q.query(`CREATE INDEX "IDX_connections_company_ids" ON "connections" USING gin ("company_ids")`);

    await q.query(`ALTER TABLE "sync_jobs" ADD "connection_id" text`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "notices" jsonb`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "push_steps" jsonb`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "start_date_to_confirm" boolean NOT NULL DEFAULT false`);
    // Jobs from before connections existed all went to the SIRH of SIRH_BASE_URL.
    await q.query(`UPDATE "sync_jobs" SET "connection_id" = 'default' WHERE "started_at" IS NOT NULL`);
    await q.query(`UPDATE "sync_jobs" SET "outcome" = 'created' WHERE "status" = 'succeeded' AND "outcome" IS NULL`);
    await q.query(`CREATE INDEX "IDX_sync_jobs_connection" ON "sync_jobs" ("connection_id", "finished_at")`);
    await q.query(`ALTER TABLE "sync_jobs" DROP CONSTRAINT "CHK_sync_jobs_status"`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "CHK_sync_jobs_status"
      CHECK ("status" IN ('queued', 'retrying', 'waiting_connection', 'succeeded', 'failed', 'skipped'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "sync_jobs" SET "status" = 'queued' WHERE "status" = 'waiting_connection'`);
    await q.query(`ALTER TABLE "sync_jobs" DROP CONSTRAINT "CHK_sync_jobs_status"`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "CHK_sync_jobs_status"
      CHECK ("status" IN ('queued', 'retrying', 'succeeded', 'failed', 'skipped'))`);
    await q.query(`DROP INDEX "IDX_sync_jobs_connection"`);
    for (const c of ['start_date_to_confirm', 'push_steps', 'notices', 'connection_id']) {
      await q.query(`ALTER TABLE "sync_jobs" DROP COLUMN "${c}"`);
    }
    await q.query(`DROP TABLE "connections"`);
  }
}
