import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764200000000 implements MigrationInterface {
  name = 'InitialSchema1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "deliveries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "event" text NOT NULL,
        "company_id" text,
        "applicant_id" text,
        "candidate_id" text,
        "dedupe_key" text,
        "duplicate_of" uuid,
        "status" text NOT NULL,
        "is_hire" boolean NOT NULL DEFAULT false,
        "payload" jsonb,
        "error" jsonb,
        CONSTRAINT "PK_deliveries" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "IDX_deliveries_received_at" ON "deliveries" ("received_at")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_deliveries_dedupe_key" ON "deliveries" ("dedupe_key") WHERE "dedupe_key" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "employees" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "company_id" text NOT NULL,
        "candidate_id" text NOT NULL,
        "external_id" text NOT NULL,
        "record" jsonb NOT NULL,
        "hris_system" text NOT NULL,
        "hris_id" text,
        "hris_synced_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_employees_company_candidate" UNIQUE ("company_id", "candidate_id"),
        CONSTRAINT "PK_employees" PRIMARY KEY ("id")
      )`);

    await q.query(`
      CREATE TABLE "sync_jobs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "delivery_id" uuid NOT NULL,
        "employee_id" uuid,
        "status" text NOT NULL,
        "hris_system" text NOT NULL,
        "hris_id" text,
        "mapped_record" jsonb,
        "idempotency_key" text,
        "attempt_count" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "started_at" TIMESTAMP WITH TIME ZONE,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_sync_jobs" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_sync_jobs_delivery" ON "sync_jobs" ("delivery_id")`);
    await q.query(`CREATE INDEX "IDX_sync_jobs_status_created" ON "sync_jobs" ("status", "created_at")`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "FK_sync_jobs_delivery" FOREIGN KEY ("delivery_id")
      REFERENCES "deliveries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "sync_jobs" ADD CONSTRAINT "FK_sync_jobs_employee" FOREIGN KEY ("employee_id")
      REFERENCES "employees"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);

    await q.query(`
      CREATE TABLE "sync_attempts" (
        "id" BIGSERIAL NOT NULL,
        "sync_job_id" uuid NOT NULL,
        "attempt_no" integer NOT NULL,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "duration_ms" integer NOT NULL,
        "http_status" integer,
        "outcome" text NOT NULL,
        "response_excerpt" text,
        "error" text,
        CONSTRAINT "PK_sync_attempts" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "IDX_sync_attempts_job" ON "sync_attempts" ("sync_job_id", "attempt_no")`);
    await q.query(`ALTER TABLE "sync_attempts" ADD CONSTRAINT "FK_sync_attempts_job" FOREIGN KEY ("sync_job_id")
      REFERENCES "sync_jobs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sync_attempts"`);
    await q.query(`DROP TABLE "sync_jobs"`);
    await q.query(`DROP TABLE "employees"`);
    await q.query(`DROP TABLE "deliveries"`);
  }
}
