import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - sync_attempts.field_errors: the fields the HRIS refused ([{field, message}]), shown as a list
 *   to the operator instead of a raw answer.
 * - sync_jobs.outcome: how the HRIS took a successful push ('created', 'existing', 'linked'), so a
 *   person matched by email to someone the HRIS already had is not shown as a plain success.
 * - sync_jobs.found_name: for 'linked', the name the HRIS holds ({firstName, lastName}), to show a mismatch.
 */
export class SyncOutcomeDetails1764900000000 implements MigrationInterface {
  name = 'SyncOutcomeDetails1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_attempts" ADD "field_errors" jsonb`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "outcome" text`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "found_name" jsonb`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "CHK_sync_jobs_outcome"
      CHECK ("outcome" IS NULL OR "outcome" IN ('created', 'existing', 'linked'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_jobs" DROP CONSTRAINT "CHK_sync_jobs_outcome"`);
    await q.query(`ALTER TABLE "sync_jobs" DROP COLUMN "found_name"`);
    await q.query(`ALTER TABLE "sync_jobs" DROP COLUMN "outcome"`);
    await q.query(`ALTER TABLE "sync_attempts" DROP COLUMN "field_errors"`);
  }
}
