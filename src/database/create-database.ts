/**
 * `npm run db:create [-- --admin-url postgres://postgres@localhost:5432/postgres]`: creates the role and
 * database of DATABASE_URL (environment, then ./.env) on a fresh Postgres. Safe to run again: what exists is left alone.
 */
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { loadDatabaseEnv, readProcessEnv } from '../config/load-config';

export interface CreateDatabaseResult {
  role: 'created' | 'exists';
  database: 'created' | 'exists';
}

/** Connects as an administrator (the postgres superuser by default, on the host of DATABASE_URL). */
export function defaultAdminUrl(databaseUrl: string): string {
  const admin = new URL(databaseUrl);
  admin.username = 'postgres';
  admin.password = '';
  admin.pathname = '/postgres';
  return admin.toString();
}

export async function createDatabase(databaseUrl: string, adminUrl = defaultAdminUrl(databaseUrl)): Promise<CreateDatabaseResult> {
  const target = new URL(databaseUrl);
  const role = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const database = decodeURIComponent(target.pathname.slice(1));
  if (!role || !database) {
    throw new Error('DATABASE_URL must name a user and a database, e.g. postgres://hirebridge:hirebridge@localhost:5432/hirebridge');
  }

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const roleExists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount! > 0;
    // CREATE ROLE and CREATE DATABASE take no parameters: names and password are escaped by pg instead.
    if (!roleExists) {
      await admin.query(`CREATE ROLE ${escapeIdentifier(role)} LOGIN${password ? ` PASSWORD ${escapeLiteral(password)}` : ''}`);
    }
    const dbExists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount! > 0;
    if (!dbExists) await admin.query(`CREATE DATABASE ${escapeIdentifier(database)} OWNER ${escapeIdentifier(role)}`);
    return { role: roleExists ? 'exists' : 'created', database: dbExists ? 'exists' : 'created' };
  } finally {
    await admin.end();
  }
}

async function main(argv: string[]): Promise<void> {
  const flag = argv.findIndex((a) => a === '--admin-url' || a.startsWith('--admin-url='));
  const adminUrl = flag === -1 ? undefined : argv[flag].includes('=') ? argv[flag].split('=').slice(1).join('=') : argv[flag + 1];
  const { DATABASE_URL } = loadDatabaseEnv(readProcessEnv());
  const admin = adminUrl ?? defaultAdminUrl(DATABASE_URL);
  const result = await createDatabase(DATABASE_URL, admin);
  const target = new URL(DATABASE_URL);
  process.stdout.write(
    `role "${decodeURIComponent(target.username)}": ${result.role}; database "${target.pathname.slice(1)}": ${result.database} ` +
      `(on ${target.host}, as ${new URL(admin).username || 'the default user'})\n`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(
      `db:create failed: ${(err as Error).message}. It connects as the postgres superuser; ` +
        'give another administrator with --admin-url postgres://USER:PASSWORD@HOST:5432/postgres\n',
    );
    process.exit(1);
  });
}
