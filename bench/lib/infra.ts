/**
 * Throwaway databases and Redis queue prefixes for one bench run, tracked so cleanup() removes every
 * one of them (also after a failure), plus the helpers that seed hires the way the webhook stores them.
 */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createDatabase as createThrowaway, databaseUrl, dropDatabase as dropThrowaway, withAdmin } from '../../test/harness/database';
import { ADMIN_DATABASE_URL as TEST_ADMIN_URL, assertLoopback, TEST_REDIS_URL } from '../../test/harness/local-services';
import { deleteQueueKeys as deleteKeys, scanKeys } from '../../test/harness/queue-keys';
import { ROOT, snapshotBuild } from '../../test/harness/service-process';
import { log } from './log';
import { hire } from './payloads';

export { ROOT };
export const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? TEST_ADMIN_URL;
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? TEST_REDIS_URL;
assertLoopback(ADMIN_DATABASE_URL, 'BENCH_DATABASE_URL');
assertLoopback(REDIS_URL, 'BENCH_REDIS_URL');

/** The build under test: a snapshot of dist/ (see snapshotDist), or BENCH_DIST. */
let DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');
let snapshotDir: string | null = null;
export const dist = () => DIST;

/**
 * `<time>-<pid>`: names of this run's databases, keys and snapshot. The '-' keeps them out of the sweep of
 * bench versions that stamped `<time>_<pid>` and, knowing only `bench/run.js` as alive, would drop them mid-run.
 */
export const STAMP = `${Date.now().toString(36)}-${process.pid}`;
const STAMP_RE = '[a-z0-9]+[-_]\\d+';
const databases = new Set<string>();
const prefixes = new Set<string>();

export interface BenchDatabase {
  name: string;
  url: string;
}

/**
 * Copies dist/ to <resultsDir>/snapshot-<stamp>/build and benchmarks that copy: others rebuild dist/
 * while they work. Inside the repository, so node_modules resolve as for dist/.
 */
export async function snapshotDist(resultsDir: string): Promise<string> {
  if (process.env.BENCH_DIST) return DIST;
  snapshotDir = join(resultsDir, `snapshot-${STAMP}`);
  DIST = await snapshotBuild(snapshotDir);
  return DIST;
}

export const admin = <T>(fn: (c: Client) => Promise<T>) => withAdmin(fn, ADMIN_DATABASE_URL);

/** A new database `hirebridge_bench_<stamp>_<purpose>`, empty or copied from `template`. */
export async function createDatabase(purpose: string, template?: string): Promise<BenchDatabase> {
  const name = `hirebridge_bench_${STAMP}_${purpose}`;
  await createThrowaway(name, { template, adminUrl: ADMIN_DATABASE_URL });
  databases.add(name);
  return { name, url: databaseUrl(name, ADMIN_DATABASE_URL) };
}

export async function dropDatabase(name: string): Promise<void> {
  await dropThrowaway(name, ADMIN_DATABASE_URL);
  databases.delete(name);
}

export function newPrefix(purpose: string): string {
  const prefix = `hbbench_${STAMP}_${purpose}`;
  prefixes.add(prefix);
  return prefix;
}

export async function deleteQueueKeys(prefix: string): Promise<number> {
  const deleted = await deleteKeys(prefix, REDIS_URL);
  prefixes.delete(prefix);
  return deleted;
}

/** Applies the built service's migrations (dist/) to a database: the template the sync runs copy. */
export async function migrate(url: string): Promise<string[]> {
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { buildDataSourceOptions } = require(join(dist(), 'database', 'data-source-options'));
  const { runMigrationsWithLock } = require(join(dist(), 'database', 'run-migrations'));
  const ds = new DataSource(buildDataSourceOptions(url));
  await ds.initialize();
  try {
    return await runMigrationsWithLock(ds);
  } finally {
    await ds.destroy();
  }
}

export interface SeededJob {
  id: string;
  delivery_id: string;
}

/**
 * Inserts `count` hires (hire numbers from `firstN`) as the webhook stores them: one deliveries row
 * (same columns, same dedupe key, payload as jsonb) and its queued sync_jobs row. Returns the jobs.
 */
export async function seedHires(dbUrl: string, firstN: number, count: number): Promise<SeededJob[]> {
  const { computeDedupeKey } = require(join(dist(), 'flatchr', 'dedupe-key'));
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const jobs: SeededJob[] = [];
  try {
    const BATCH = 1000;
    for (let start = 0; start < count; start += BATCH) {
      const ids: string[] = [];
      const keys: string[] = [];
      const bodies: string[] = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const h = hire(firstN + i);
        ids.push(String(h.id));
        keys.push(computeDedupeKey(JSON.parse(h.body)));
        bodies.push(h.body);
      }
      const { rows } = await db.query(
        `WITH d AS (
           INSERT INTO deliveries (event, company_id, applicant_id, candidate_id, dedupe_key, payload, status, is_hire)
           SELECT 'drag_applicant', '60', t.a, t.a, t.k, t.p::jsonb, 'queued', true
             FROM unnest($1::text[], $2::text[], $3::text[]) AS t(a, k, p)
           RETURNING id)
         INSERT INTO sync_jobs (delivery_id, status, hris_system)
         SELECT id, 'queued', 'generic-sirh' FROM d
         RETURNING id, delivery_id`,
        [ids, keys, bodies],
      );
      jobs.push(...rows);
    }
    // Only the tables just filled. `employees` stays as on a fresh install (never analyzed): analyzed
    // while empty, Postgres would plan sequential scans of it (the claim's join, the foreign-key check)
    // until autovacuum's next pass, about a minute into a run that adds 20,000 employees.
    await db.query('ANALYZE deliveries, sync_jobs');
  } finally {
    await db.end();
  }
  return jobs;
}

/** The service's job options and ids, read from the build so the bench follows the code. */
export function producerOptions(maxAttempts: number, backoffMs: number) {
  let retention: Record<string, unknown> = {
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
  };
  let jobId = (syncJobId: string) => `sync-${syncJobId}`;
  let names = { queue: 'hire-sync', job: 'push-employee' };
  try {
    retention = require(join(dist(), 'sync', 'hire-sync.producer')).PUSH_EMPLOYEE_RETENTION ?? retention;
    jobId = require(join(dist(), 'sync', 'hire-sync.job')).pushEmployeeJobId ?? jobId;
    const c = require(join(dist(), 'sync', 'queue.constants'));
    names = { queue: c.HIRE_SYNC_QUEUE, job: c.HIRE_SYNC_JOBS.PUSH_EMPLOYEE };
  } catch (err) {
    log(`could not read the producer's options from dist/ (${(err as Error).message}); using the documented ones`);
  }
  return {
    names,
    jobFor: (row: SeededJob) => ({
      name: names.job,
      data: { syncJobId: row.id, deliveryId: row.delivery_id },
      opts: {
        jobId: jobId(row.id),
        attempts: maxAttempts,
        backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
        ...retention,
      },
    }),
  };
}

export interface OpenQueue {
  queue: Queue;
  close(): Promise<void>;
}

/** A Queue handle on `prefix` (the bench's own connection). */
export function openQueue(prefix: string, queueName = 'hire-sync'): OpenQueue {
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix });
  return {
    queue,
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Whether a bench run (named by its stamp `<time>-<pid>`, or `<time>_<pid>` before) is still alive. */
function stampAlive(stamp: string): boolean {
  const pid = Number(stamp.split(/[-_]/)[1]);
  if (!pid || pid === process.pid) return pid === process.pid;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bench/run.');
  } catch {
    return false;
  }
}

/**
 * Removes what an earlier run left behind when it was killed outright (SIGKILL leaves no chance to
 * clean up): databases and queue keys of this bench's naming scheme whose run is no longer alive.
 */
export async function sweepStale(resultsDir: string): Promise<void> {
  for (const entry of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
    const m = new RegExp(`^snapshot-(${STAMP_RE})$`).exec(entry);
    if (m && !stampAlive(m[1])) rmSync(join(resultsDir, entry), { recursive: true, force: true });
  }
  const dbs = await admin((c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'hirebridge\\_bench\\_%'`));
  for (const { datname } of dbs.rows) {
    const m = new RegExp(`^hirebridge_bench_(${STAMP_RE})_`).exec(datname);
    if (!m || stampAlive(m[1])) continue;
    await dropThrowaway(datname, ADMIN_DATABASE_URL).catch(() => undefined);
    log(`removed database ${datname} left by an earlier run`);
  }
  const stale = new Set<string>();
  await scanKeys(
    'hbbench_*',
    (keys) => {
      for (const k of keys) {
        const m = new RegExp(`^(hbbench_(${STAMP_RE})_[^:]+):`).exec(k);
        if (m && !stampAlive(m[2])) stale.add(m[1]);
      }
    },
    REDIS_URL,
  );
  for (const prefix of stale) log(`removed ${await deleteKeys(prefix, REDIS_URL)} Redis keys under ${prefix}: left by an earlier run`);
}

export async function cleanup(): Promise<void> {
  for (const prefix of [...prefixes]) {
    try {
      const n = await deleteQueueKeys(prefix);
      log(`removed ${n} Redis keys under ${prefix}:`);
    } catch (err) {
      log(`could not remove Redis keys ${prefix}:* (${(err as Error).message})`);
    }
  }
  for (const name of [...databases]) {
    try {
      await dropDatabase(name);
      log(`dropped database ${name}`);
    } catch (err) {
      log(`could not drop database ${name} (${(err as Error).message})`);
    }
  }
  if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
}
