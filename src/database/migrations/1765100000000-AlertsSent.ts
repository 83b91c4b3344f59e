import { MigrationInterface, QueryRunner } from 'typeorm';

/** alerts_sent: one row per alert kind and subject (de-duplication), also the outbox the alert sender drains. */
export class AlertsSent1765100000000 implements MigrationInterface {
  name = 'AlertsSent1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "alerts_sent" (
        "id" bigserial NOT NULL,
        "kind" text NOT NULL,
        "subject" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "alert" jsonb,
        "sent_as" text,
        "attempts" integer NOT NULL DEFAULT 0,
        "results" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "next_try_at" timestamptz NOT NULL DEFAULT now(),
        "claimed_at" timestamptz,
        "sent_at" timestamptz,
        CONSTRAINT "PK_alerts_sent" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_alerts_sent_status" CHECK ("status" IN ('pending', 'sending', 'sent', 'failed'))
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_alerts_sent_kind_subject" ON "alerts_sent" ("kind", "subject")`);
    await q.query(`CREATE INDEX "IDX_alerts_sent_status" ON "alerts_sent" ("status", "next_try_at")`);
    await q.query(`CREATE INDEX "IDX_alerts_sent_sent_at" ON "alerts_sent" ("sent_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alerts_sent"`);
  }
}
