import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timeline of each sync job (status changes and operator actions) for the dashboard, plus
 * indexes for the dashboard's search by Flatchr ids and SIRH id.
 */
export class SyncJobEvents1764600000000 implements MigrationInterface {
  name = 'SyncJobEvents1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "sync_job_events" (
        "id" BIGSERIAL NOT NULL,
        "sync_job_id" uuid NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "type" text NOT NULL,
        "from_status" text,
        "to_status" text,
        "actor" text NOT NULL,
        "detail" text,
        CONSTRAINT "PK_sync_job_events" PRIMARY KEY ("id"),
        CONSTRAINT "FK_sync_job_events_job" FOREIGN KEY ("sync_job_id") REFERENCES "sync_jobs"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_sync_job_events_job" ON "sync_job_events" ("sync_job_id", "at")`);
    await q.query(`CREATE INDEX "IDX_sync_jobs_created" ON "sync_jobs" ("created_at")`);
    await q.query(`CREATE INDEX "IDX_sync_jobs_hris_id" ON "sync_jobs" ("hris_id")`);
    await q.query(`CREATE INDEX "IDX_deliveries_candidate_id" ON "deliveries" ("candidate_id")`);
    await q.query(`CREATE INDEX "IDX_deliveries_applicant_id" ON "deliveries" ("applicant_id")`);
    await q.query(`CREATE INDEX "IDX_deliveries_status_received" ON "deliveries" ("status", "received_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_deliveries_status_received"`);
    await q.query(`DROP INDEX "IDX_deliveries_applicant_id"`);
    await q.query(`DROP INDEX "IDX_deliveries_candidate_id"`);
    await q.query(`DROP INDEX "IDX_sync_jobs_hris_id"`);
    await q.query(`DROP INDEX "IDX_sync_jobs_created"`);
    await q.query(`DROP TABLE "sync_job_events"`);
  }
}
