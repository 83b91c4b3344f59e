import { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every replica of this service.
export const MIGRATION_LOCK_ID = 724_911_001;

/**
 * Applies pending migrations under a Postgres advisory lock, so that API and worker replicas
 * starting together do not run the same migration twice.
 */
export async function runMigrationsWithLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
