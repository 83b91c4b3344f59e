import { MigrationInterface, QueryRunner } from 'typeorm';

/** The employee's mapped record holds personal data too: retention may empty it and says when. */
export class EmployeeRecordRetention1764700000000 implements MigrationInterface {
  name = 'EmployeeRecordRetention1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "employees" ALTER COLUMN "record" DROP NOT NULL`);
    await q.query(`ALTER TABLE "employees" ADD "record_purged_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "employees" DROP COLUMN "record_purged_at"`);
    await q.query(`UPDATE "employees" SET "record" = '{}'::jsonb WHERE "record" IS NULL`);
    await q.query(`ALTER TABLE "employees" ALTER COLUMN "record" SET NOT NULL`);
  }
}
