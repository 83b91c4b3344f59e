import { MigrationInterface, QueryRunner } from 'typeorm';

/** Marks when personal data was purged, so operators can tell "purged" from "never received". */
export class PersonalDataRetention1764300000000 implements MigrationInterface {
  name = 'PersonalDataRetention1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deliveries" ADD "payload_purged_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "sync_jobs" ADD "data_purged_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sync_jobs" DROP COLUMN "data_purged_at"`);
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "payload_purged_at"`);
  }
}
