/**
 * The machine's Postgres and Redis that tests and the bench run against; CI and developers override
 * them with TEST_DATABASE_URL / TEST_REDIS_URL (the bench also reads BENCH_DATABASE_URL / BENCH_REDIS_URL).
 */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Refuses any address that is not this machine: throwaway databases and key sweeps never reach a shared server. */
export function assertLoopback(urlText: string, what: string): void {
  const host = new URL(urlText).hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\./.test(host))) {
    throw new Error(`${what} must point at this machine (127.0.0.1/localhost), got ${host}`);
  }
}
