import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN_DATABASE_URL } from './local-services';

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** `adminUrl` with another database name. */
export function databaseUrl(name: string, adminUrl = ADMIN_DATABASE_URL): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `fn` on a fresh connection to the maintenance database, closed afterwards. */
export async function withAdmin<T>(fn: (c: Client) => Promise<T>, adminUrl = ADMIN_DATABASE_URL): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function dropDatabase(name: string, adminUrl = ADMIN_DATABASE_URL): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), adminUrl);
}

/** A new database `name`, empty or a copy of `template`; drop() removes it even with connections still open. */
export async function createDatabase(name: string, options: { template?: string; adminUrl?: string } = {}): Promise<ThrowawayDatabase> {
  const adminUrl = options.adminUrl ?? ADMIN_DATABASE_URL;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"${options.template ? ` TEMPLATE "${options.template}"` : ''}`), adminUrl);
  return { name, url: databaseUrl(name, adminUrl), drop: () => dropDatabase(name, adminUrl) };
}

/** A fresh, empty database per test file, dropped afterwards: tests never see each other's rows. */
export function createTestDatabase(): Promise<ThrowawayDatabase> {
  return createDatabase(uniqueName('hirebridge_test'));
}
