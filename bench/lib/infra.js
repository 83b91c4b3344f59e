'use strict';
/**
 * Throwaway databases and Redis queue prefixes for one bench run, tracked so cleanup() removes every
 * one of them (also after a failure), plus the helpers that seed hires the way the webhook stores them.
 */
const path = require('node:path');
const { Client } = require('pg');
const IORedis = require('ioredis');
const { Queue } = require('bullmq');
const { assertLoopback, log } = require('./util');
const { hire } = require('./payloads');

const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..', '..');
/** The build under test: a snapshot of dist/ (see snapshotDist), or BENCH_DIST. */
let DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist');
let snapshotDir = null;
const dist = () => DIST;

const ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
assertLoopback(ADMIN_DATABASE_URL, 'BENCH_DATABASE_URL');
assertLoopback(REDIS_URL, 'BENCH_REDIS_URL');

const STAMP = `${Date.now().toString(36)}_${process.pid}`;
const databases = new Set();
const prefixes = new Set();

/**
 * Copies dist/ to <resultsDir>/snapshot-<stamp>/build and benchmarks that copy: others rebuild dist/
 * while they work, and a rebuild (it empties dist/ first) must not change or break the code under
 * test halfway through the run. Inside the repository, so node_modules resolve as for dist/.
 */
async function snapshotDist(resultsDir) {
  if (process.env.BENCH_DIST) return DIST;
  const source = path.join(ROOT, 'dist');
  // Someone else's build may be under way (it empties dist/ first): wait until dist/ is complete and quiet.
  const newest = (dir) => {
    let t = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }
    return t;
  };
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if (fs.existsSync(path.join(source, 'main.js')) && Date.now() - newest(source) > 3000) break;
    } catch {
      /* files vanished while we looked: a build is running */
    }
    if (Date.now() > deadline) throw new Error('dist/main.js is missing or still changing: run `npm run build` first');
    await new Promise((r) => setTimeout(r, 500));
  }
  snapshotDir = path.join(resultsDir, `snapshot-${STAMP}`);
  // Named build/, not dist/: a `pkill -f dist/main.js` by someone testing their own copy must not hit it.
  fs.cpSync(source, path.join(snapshotDir, 'build'), { recursive: true });
  DIST = path.join(snapshotDir, 'build');
  if (!fs.existsSync(path.join(DIST, 'main.js'))) throw new Error('dist/ changed while it was copied: run again');
  return DIST;
}

async function admin(fn) {
  const c = new Client({ connectionString: ADMIN_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function urlFor(name) {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database `hirebridge_bench_<stamp>_<purpose>`, empty or copied from `template`. */
async function createDatabase(purpose, template) {
  const name = `hirebridge_bench_${STAMP}_${purpose}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  databases.add(name);
  return { name, url: urlFor(name) };
}

async function dropDatabase(name) {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  databases.delete(name);
}

function newPrefix(purpose) {
  const prefix = `hbbench_${STAMP}_${purpose}`;
  prefixes.add(prefix);
  return prefix;
}

async function deleteQueueKeys(prefix) {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  let deleted = 0;
  try {
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0' && ++rounds < 1_000_000);
  } finally {
    redis.disconnect();
  }
  prefixes.delete(prefix);
  return deleted;
}

/** Applies the built service's migrations (dist/) to a database: the template the sync runs copy. */
async function migrate(url) {
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const { buildDataSourceOptions } = require(path.join(dist(), 'database', 'data-source-options'));
  const { runMigrationsWithLock } = require(path.join(dist(), 'database', 'run-migrations'));
  const ds = new DataSource(buildDataSourceOptions(url));
  await ds.initialize();
  try {
    return await runMigrationsWithLock(ds);
  } finally {
    await ds.destroy();
  }
}

/**
 * Inserts `count` hires (hire numbers from `firstN`) as the webhook stores them: one deliveries row
 * (same columns, same dedupe key, payload as jsonb) and its queued sync_jobs row. Returns the jobs.
 */
async function seedHires(dbUrl, firstN, count) {
  const { computeDedupeKey } = require(path.join(dist(), 'webhooks', 'dedupe-key'));
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const jobs = [];
  try {
    const BATCH = 1000;
    for (let start = 0; start < count; start += BATCH) {
      const ids = [];
      const keys = [];
      const bodies = [];
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
function producerOptions(maxAttempts, backoffMs) {
  let retention = {
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
  };
  let jobId = (syncJobId) => `sync-${syncJobId}`;
  let names = { queue: 'hire-sync', job: 'push-employee' };
  try {
    retention = require(path.join(dist(), 'sync', 'hire-sync.producer')).PUSH_EMPLOYEE_RETENTION ?? retention;
    jobId = require(path.join(dist(), 'sync', 'hire-sync.job')).pushEmployeeJobId ?? jobId;
    const c = require(path.join(dist(), 'sync', 'queue.constants'));
    names = { queue: c.HIRE_SYNC_QUEUE, job: c.HIRE_SYNC_JOBS.PUSH_EMPLOYEE };
  } catch (err) {
    log(`could not read the producer's options from dist/ (${err.message}); using the documented ones`);
  }
  return {
    names,
    jobFor: (row) => ({
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

/** A Queue handle on `prefix` (the bench's own connection). */
function openQueue(prefix, queueName = 'hire-sync') {
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

/** Whether a bench run (named by its stamp `<time>_<pid>`) is still alive. */
function stampAlive(stamp) {
  const pid = Number(stamp.split('_')[1]);
  if (!pid || pid === process.pid) return pid === process.pid;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bench/run.js');
  } catch {
    return false;
  }
}

/**
 * Removes what an earlier run left behind when it was killed outright (SIGKILL leaves no chance to
 * clean up): databases and queue keys of this bench's naming scheme whose run is no longer alive.
 */
async function sweepStale(resultsDir) {
  for (const entry of fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir) : []) {
    const m = /^snapshot-([a-z0-9]+_\d+)$/.exec(entry);
    if (m && !stampAlive(m[1])) fs.rmSync(path.join(resultsDir, entry), { recursive: true, force: true });
  }
  const dbs = await admin((c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'hirebridge\\_bench\\_%'`));
  for (const { datname } of dbs.rows) {
    const m = /^hirebridge_bench_([a-z0-9]+_\d+)_/.exec(datname);
    if (!m || stampAlive(m[1])) continue;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)).catch(() => undefined);
    log(`removed database ${datname} left by an earlier run`);
  }
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const stale = new Set();
  try {
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'hbbench_*', 'COUNT', 1000);
      for (const k of keys) {
        const m = /^(hbbench_([a-z0-9]+_\d+)_[^:]+):/.exec(k);
        if (m && !stampAlive(m[2])) stale.add(m[1]);
      }
      cursor = next;
    } while (cursor !== '0' && ++rounds < 1_000_000);
  } finally {
    redis.disconnect();
  }
  for (const prefix of stale) log(`removed ${await deleteQueueKeys(prefix)} Redis keys under ${prefix}: left by an earlier run`);
}

async function cleanup() {
  for (const prefix of [...prefixes]) {
    try {
      const n = await deleteQueueKeys(prefix);
      log(`removed ${n} Redis keys under ${prefix}:`);
    } catch (err) {
      log(`could not remove Redis keys ${prefix}:* (${err.message})`);
    }
  }
  for (const name of [...databases]) {
    try {
      await dropDatabase(name);
      log(`dropped database ${name}`);
    } catch (err) {
      log(`could not drop database ${name} (${err.message})`);
    }
  }
  if (snapshotDir) fs.rmSync(snapshotDir, { recursive: true, force: true });
}

module.exports = {
  ROOT,
  dist,
  snapshotDist,
  ADMIN_DATABASE_URL,
  REDIS_URL,
  STAMP,
  admin,
  createDatabase,
  dropDatabase,
  newPrefix,
  deleteQueueKeys,
  migrate,
  seedHires,
  producerOptions,
  openQueue,
  sweepStale,
  cleanup,
};
