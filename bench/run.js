'use strict';
/**
 * `npm run bench`: measures the BUILT service (node dist/main.js, started as in production) against
 * minimal baselines on the same Postgres and Redis, on this machine.
 *
 *   1. Ingestion: autocannon, 32 connections, unique hires, service (APP_ROLE=api) and baseline
 *      (bench/baseline/ingest-server.js) alternately, N rounds each; medians and the ratio.
 *   2. Memory: the same API process is fed up to 100,000 deliveries in all; RSS per 10,000, idle after,
 *      and full-GC probes (retained heap) after the ingestion runs, half way and at the end.
 *   3. Sync: 20,000 hires stored as the webhook stores them and enqueued on a paused queue; the worker
 *      (APP_ROLE=worker) or the baseline worker (bench/baseline/sync-worker.js) starts, the queue is
 *      resumed, and hires/s is counted until every job succeeded (from the rows' finished_at).
 *   4. Latency: webhook sent -> fake SIRH answered 201, idle and at half capacity, with the API and the
 *      worker apart (APP_ROLE=api + worker) and in one process (APP_ROLE=all).
 *   5. (BENCH_PROFILE=1) CPU profiles of the API and the baseline under ingestion load, of the worker
 *      and the baseline worker under sync load.
 *
 * Results: bench/results/latest.json and latest.md. Environment knobs: see BENCHMARKS.md.
 * Everything it creates (processes, databases, Redis keys) is removed at the end, also on failure.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execSync } = require('node:child_process');
const autocannon = require('autocannon');
const { Client } = require('pg');
const IORedis = require('ioredis');
const U = require('./lib/util');
const I = require('./lib/infra');
const { nextHire } = require('./lib/payloads');
const profileSummary = require('./lib/profile-summary');

const QUICK = process.env.BENCH_QUICK === '1';
const num = (name, def) => (process.env[name] ? Number(process.env[name]) : def);
const CFG = {
  quick: QUICK,
  connections: num('BENCH_CONNECTIONS', 32),
  ingestSeconds: num('BENCH_INGEST_SECONDS', QUICK ? 5 : 10),
  ingestRounds: num('BENCH_INGEST_ROUNDS', QUICK ? 2 : 3),
  warmupSeconds: QUICK ? 2 : 3,
  soakDeliveries: num('BENCH_SOAK_DELIVERIES', QUICK ? 20000 : 100000),
  syncHires: num('BENCH_SYNC_HIRES', QUICK ? 4000 : 20000),
  syncRounds: num('BENCH_SYNC_ROUNDS', QUICK ? 1 : 3),
  syncConcurrency: num('BENCH_SYNC_CONCURRENCY', 5),
  latencyIdleRate: 10,
  latencyIdleSeconds: num('BENCH_LATENCY_SECONDS', QUICK ? 8 : 20),
  latencyLoadSeconds: num('BENCH_LATENCY_SECONDS', QUICK ? 8 : 20),
  profile: process.env.BENCH_PROFILE === '1',
  serviceNodeOptions: process.env.BENCH_SERVICE_NODE_OPTIONS ?? null,
  profileSeconds: QUICK ? 5 : 10,
  /** Waits (at most this long) for the machine to be quiet before starting. */
  quietWaitSeconds: num('BENCH_QUIET_WAIT_SECONDS', QUICK ? 0 : 120),
  /** Hard stop for the whole run. */
  deadlineMinutes: num('BENCH_DEADLINE_MINUTES', 25),
};
/** The node flags of `npm run start:prod` (heap sizes), read from package.json so the bench cannot drift from it. */
const START_PROD_NODE_FLAGS = require('../package.json')
  .scripts['start:prod'].split(/\s+/)
  .filter((word) => word.startsWith('--'));
const MAX_ATTEMPTS = 10;
const BACKOFF_MS = 2000;
const TOKEN = 'bench-webhook-token-0123456789';
const SIRH_API_KEY = 'bench-sirh-key';
const RESULTS_DIR = path.join(__dirname, 'results');
const PROFILE_DIR = path.join(RESULTS_DIR, 'profiles');

const state = { template: null, sirh: null, sirhUrl: null, cannons: new Set(), clients: new Set() };
const results = { config: CFG, machine: null, ingestion: null, memory: null, sync: null, latency: null, profiles: null, checks: [] };

// ---------------------------------------------------------------------------------------------
// processes under test

async function startFakeSirh() {
  const h = await U.startChild('fake-sirh', process.execPath, [path.join(__dirname, 'fake-sirh.js')], {
    env: { PATH: process.env.PATH },
    readyLine: /READY (\d+)/,
  });
  state.sirh = h;
  state.sirhUrl = `http://127.0.0.1:${h.ready[1]}`;
  return h;
}

async function sirh(pathAndQuery, method = 'GET') {
  const res = await fetch(`${state.sirhUrl}${pathAndQuery}`, { method });
  return res.json();
}

function serviceEnv({ role, port, dbUrl, prefix, extra = {} }) {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    APP_ROLE: role,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl,
    REDIS_URL: I.REDIS_URL,
    QUEUE_PREFIX: prefix,
    WEBHOOK_TOKEN: TOKEN,
    // Per-IP throttling is a policy, not a capacity: every bench request comes from 127.0.0.1.
    // A limit this high keeps the throttler's code on the path without refusing anything.
    WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000000000',
    SIRH_BASE_URL: state.sirhUrl,
    SIRH_API_KEY,
    SIRH_TIMEOUT_MS: '10000',
    SYNC_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    SYNC_BACKOFF_MS: String(BACKOFF_MS),
    SYNC_CONCURRENCY: String(CFG.syncConcurrency),
    DASHBOARD_USER: 'bench',
    DASHBOARD_PASSWORD: 'bench-password-1',
    LOG_LEVEL: 'warn',
    // To try a runtime setting without touching the code, e.g. BENCH_SERVICE_NODE_OPTIONS=--max-old-space-size=128
    ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
    ...extra,
  };
}

/** `node dist/main.js` as `npm run start:prod` runs it; resolves once it serves /health (or its worker is registered). */
async function startService({ role, dbUrl, prefix, label, profileLabel }) {
  const port = await U.freePort();
  const extra = profileEnv(profileLabel);
  const args = [...preload(profileLabel), ...START_PROD_NODE_FLAGS, path.join(I.dist(), 'main.js')];
  const h = await U.startChild(label, process.execPath, args, {
    cwd: I.ROOT,
    env: serviceEnv({ role, port, dbUrl, prefix, extra }),
  });
  h.url = `http://127.0.0.1:${port}`;
  const alive = () => {
    if (h.exited) throw new U.FatalWait(`${label} exited (${h.exitCode}) during start-up:\n${h.tail.join('\n')}`);
  };
  if (role === 'worker') {
    const q = I.openQueue(prefix);
    try {
      await U.waitFor(async () => {
        alive();
        return (await q.queue.getWorkers()).length > 0;
      }, `${label} worker to register`, 60000, 100);
    } finally {
      await q.close();
    }
  } else {
    await U.waitFor(async () => {
      alive();
      const res = await fetch(`${h.url}/health`);
      return res.status === 200;
    }, `${label} /health`, 60000, 100);
  }
  return h;
}

function preload(profileLabel) {
  return profileLabel ? ['-r', path.join(__dirname, 'lib', 'cpu-profile-preload.js')] : [];
}

function profileEnv(profileLabel) {
  return profileLabel ? { BENCH_PROF_DIR: PROFILE_DIR, BENCH_PROF_LABEL: profileLabel } : {};
}

async function startBaselineIngest(dbUrl, prefix, profileLabel) {
  const h = await U.startChild('baseline-ingest', process.execPath, [...preload(profileLabel), path.join(__dirname, 'baseline', 'ingest-server.js')], {
    cwd: I.ROOT,
    env: { PATH: process.env.PATH, PORT: '0', DATABASE_URL: dbUrl, REDIS_URL: I.REDIS_URL, QUEUE_PREFIX: prefix, WEBHOOK_TOKEN: TOKEN, ...profileEnv(profileLabel) },
    readyLine: /READY (\d+)/,
  });
  h.url = `http://127.0.0.1:${h.ready[1]}`;
  return h;
}

async function startBaselineWorker(dbUrl, prefix, profileLabel) {
  return U.startChild('baseline-worker', process.execPath, [...preload(profileLabel), path.join(__dirname, 'baseline', 'sync-worker.js')], {
    cwd: I.ROOT,
    env: {
      ...profileEnv(profileLabel),
      PATH: process.env.PATH,
      DATABASE_URL: dbUrl,
      REDIS_URL: I.REDIS_URL,
      QUEUE_PREFIX: prefix,
      SIRH_BASE_URL: state.sirhUrl,
      SIRH_API_KEY,
      SYNC_CONCURRENCY: String(CFG.syncConcurrency),
    },
    readyLine: /READY/,
  });
}

async function pgClient(url) {
  const c = new Client({ connectionString: url });
  c.on('error', (err) => U.log(`pg client: ${err.message}`));
  await c.connect();
  state.clients.add(c);
  return {
    query: (...a) => c.query(...a),
    async end() {
      state.clients.delete(c);
      await c.end();
    },
  };
}

/** Committed + rolled-back transactions of one database (Postgres flushes these counters about once a second). */
async function pgXacts(dbName) {
  const { rows } = await I.admin((c) =>
    c.query('SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = $1', [dbName]),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Commands processed by the whole Redis server (anyone else's included). */
async function redisCommands() {
  const redis = new IORedis(I.REDIS_URL);
  try {
    return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))[1]);
  } finally {
    redis.disconnect();
  }
}

/** Round trips per unit of work: Postgres transactions (one per autocommit statement) and Redis commands. */
async function roundTrips(dbName) {
  const [pg, redis] = await Promise.all([pgXacts(dbName), redisCommands()]);
  return { pg, redis };
}

async function roundTripsPer(before, dbName, units) {
  await U.sleep(1100); // let the backends flush their statistics
  const after = await roundTrips(dbName);
  return {
    pgXactsPerUnit: units ? U.round((after.pg - before.pg) / units, 2) : null,
    redisCommandsPerUnit: units ? U.round((after.redis - before.redis) / units, 2) : null,
  };
}

/** Flushes dirty buffers between runs so that no run pays for the previous one's checkpoint. */
async function settle(ms = 2000) {
  await I.admin((c) => c.query('CHECKPOINT')).catch(() => undefined);
  await U.sleep(ms);
}

// ---------------------------------------------------------------------------------------------
// load generation

/** autocannon against POST /webhooks/flatchr with a new hire in every request. */
function cannon(url, { duration, amount }) {
  return new Promise((resolve, reject) => {
    const opts = {
      url: `${url}/webhooks/flatchr?token=${TOKEN}`,
      connections: CFG.connections,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      timeout: 10,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            req.body = nextHire().body;
            return req;
          },
        },
      ],
    };
    if (amount) opts.amount = amount;
    else opts.duration = duration;
    const inst = autocannon(opts, (err, res) => {
      state.cannons.delete(inst);
      if (err) reject(err);
      else resolve(res);
    });
    state.cannons.add(inst);
  });
}

function cannonFigures(res) {
  const errors = (res.errors ?? 0) + (res.timeouts ?? 0) + (res.non2xx ?? 0);
  return {
    rps: U.round(res.requests.total / res.duration, 0),
    p50: res.latency.p50,
    p90: res.latency.p90,
    p99: res.latency.p99,
    max: res.latency.max,
    requests: res.requests.total,
    ok2xx: res['2xx'],
    errors,
    errorDetail: { errors: res.errors, timeouts: res.timeouts, non2xx: res.non2xx, statusCodes: res.statusCodeStats },
    durationS: U.round(res.duration, 2),
  };
}

/** One measured autocannon run against a process, with its RSS and the CPU every group used. */
async function measuredCannon(target, label, cannonOpts, dbName) {
  const trips0 = dbName ? await roundTrips(dbName) : null;
  const cpu0 = U.cpuSnapshot({ [label]: target.pid });
  const sampler = U.rssSampler(target.pid, 250);
  const res = await cannon(target.url, cannonOpts);
  const rss = sampler.stop();
  if (target.exited) {
    throw new Error(`${target.name} (pid ${target.pid}) exited (${target.exitCode}) during a measured run:\n${target.tail.join('\n')}`);
  }
  const cpu = U.cpuDiff(cpu0, U.cpuSnapshot({ [label]: target.pid }));
  const f = cannonFigures(res);
  const trips = dbName ? await roundTripsPer(trips0, dbName, f.requests) : {};
  return {
    ...f,
    ...trips,
    rssPeakMb: U.round(rss.peak),
    rssAfterMb: U.round(U.rssMb(target.pid)),
    cpuSeconds: cpu,
    cpuMsPerRequest: f.requests ? U.round((1000 * (cpu[label] ?? 0)) / f.requests, 2) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// 1 + 2: ingestion and memory

async function ingestionAndMemory() {
  const svcDb = await I.createDatabase('ingest', state.template.name);
  const baseDb = await I.createDatabase('ingest_baseline');
  const svcPrefix = I.newPrefix('ingest');
  const basePrefix = I.newPrefix('ingest_baseline');
  // With the preload for the memory probes (a full GC on request); it costs one stat() per 100 ms.
  const svc = await startService({ role: 'api', dbUrl: svcDb.url, prefix: svcPrefix, label: 'service-api', profileLabel: 'api-memory' });
  const base = await startBaselineIngest(baseDb.url, basePrefix);
  U.log(`ingestion: service pid ${svc.pid} on ${svc.url}, baseline pid ${base.pid} on ${base.url}`);
  const rssAtStart = U.round(U.rssMb(svc.pid));

  // JIT warm-up of both, not counted.
  let delivered = 0;
  for (const t of [svc, base]) {
    const w = cannonFigures(await cannon(t.url, { duration: CFG.warmupSeconds }));
    if (t === svc) delivered += w.ok2xx;
    U.log(`warm-up ${t.name}: ${w.rps} req/s, ${w.errors} errors`);
  }

  const runs = { service: [], baseline: [] };
  for (let round = 1; round <= CFG.ingestRounds; round++) {
    for (const [kind, target] of [['service', svc], ['baseline', base]]) {
      await settle();
      const r = await measuredCannon(target, kind, { duration: CFG.ingestSeconds }, kind === 'service' ? svcDb.name : baseDb.name);
      r.round = round;
      runs[kind].push(r);
      if (kind === 'service') delivered += r.ok2xx;
      U.log(`ingest ${kind} #${round}: ${r.rps} req/s p50 ${r.p50} ms p99 ${r.p99} ms errors ${r.errors} rss ${r.rssAfterMb} MB cpu ${r.cpuMsPerRequest} ms/req`);
    }
  }
  await U.stopChild(base);

  const med = (kind, key) => U.round(U.median(runs[kind].map((r) => r[key])), 2);
  const summary = {};
  for (const kind of ['service', 'baseline']) {
    summary[kind] = {
      rps: med(kind, 'rps'),
      p50: med(kind, 'p50'),
      p99: med(kind, 'p99'),
      errors: runs[kind].reduce((s, r) => s + r.errors, 0),
      cpuMsPerRequest: med(kind, 'cpuMsPerRequest'),
      pgXactsPerRequest: med(kind, 'pgXactsPerUnit'),
      redisCommandsPerRequest: med(kind, 'redisCommandsPerUnit'),
      rssAfterMb: runs[kind].at(-1).rssAfterMb,
      rssPeakMb: Math.max(...runs[kind].map((r) => r.rssPeakMb)),
    };
  }
  summary.ratio = U.round(summary.service.rps / summary.baseline.rps, 3);
  const db = await pgClient(svcDb.url);
  const statuses = (await db.query('SELECT status, count(*)::int AS n FROM deliveries GROUP BY status ORDER BY status')).rows;
  results.ingestion = { runs, summary, rssAtStartMb: rssAtStart, deliveryStatuses: statuses };
  U.log(`ingestion medians: service ${summary.service.rps} req/s vs baseline ${summary.baseline.rps} req/s = ${summary.ratio}x`);

  // Memory: keep feeding the same API process up to CFG.soakDeliveries deliveries in all; full-GC probes
  // after the ingestion runs, at half way and at the end tell retained memory from garbage not yet collected.
  const timeline = [{ delivered, rssMb: U.round(U.rssMb(svc.pid)) }];
  const probes = [{ delivered, ...(await memProbe(svc, 'api-memory')) }];
  const soakRuns = [];
  const CHUNK = 10000;
  let guard = 0;
  let halfProbed = false;
  while (delivered < CFG.soakDeliveries && guard++ < 100) {
    const left = CFG.soakDeliveries - delivered;
    const amount = left < 1.5 * CHUNK ? left : CHUNK; // no tiny last chunk
    if (amount < 200) break;
    const r = await measuredCannon(svc, 'service', { amount });
    delivered += r.ok2xx;
    soakRuns.push(r);
    timeline.push({ delivered, rssMb: r.rssAfterMb, rssPeakMb: r.rssPeakMb, rps: r.rps, p99: r.p99, errors: r.errors });
    U.log(`soak: ${delivered} deliveries, rss ${r.rssAfterMb} MB (peak ${r.rssPeakMb}), ${r.rps} req/s, errors ${r.errors}`);
    if (!halfProbed && delivered >= CFG.soakDeliveries / 2 && delivered < CFG.soakDeliveries) {
      halfProbed = true;
      probes.push({ delivered, ...(await memProbe(svc, 'api-memory')) });
    }
  }
  const idle = [];
  for (let s = 1; s <= 15; s++) {
    await U.sleep(1000);
    idle.push(U.round(U.rssMb(svc.pid)));
  }
  probes.push({ delivered, ...(await memProbe(svc, 'api-memory')) });
  U.log(`memory probes (after a full GC): ${probes.map((p) => `${p.delivered}: heap ${p.heapUsedAfterGcMb} MB, rss ${p.rssAfterGcMb} MB`).join('; ')}`);
  const rows = (await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'queued')::int AS other FROM deliveries`)).rows[0];
  await db.end();
  const half = timeline.reduce((best, t) => (Math.abs(t.delivered - delivered / 2) < Math.abs(best.delivered - delivered / 2) ? t : best));
  results.memory = {
    probes,
    rssAtStartMb: rssAtStart,
    rssAfterIngestionMb: summary.service.rssAfterMb,
    peakUnderLoadMb: Math.max(summary.service.rssPeakMb, ...soakRuns.map((r) => r.rssPeakMb)),
    timeline,
    idleAfterMb: idle,
    settledMb: idle.at(-1),
    delivered,
    rowsStored: rows.n,
    rowsNotQueued: rows.other,
    halfwayMb: half.rssMb,
    halfwayDelivered: half.delivered,
    soakErrors: soakRuns.reduce((s, r) => s + r.errors, 0),
  };
  await U.stopChild(svc);
  await I.dropDatabase(svcDb.name);
  await I.dropDatabase(baseDb.name);
  await I.deleteQueueKeys(svcPrefix);
  await I.deleteQueueKeys(basePrefix);
}

// ---------------------------------------------------------------------------------------------
// 3: sync throughput

async function seedAndEnqueue(purpose, hireBase, count) {
  const db = await I.createDatabase(purpose, state.template.name);
  const prefix = I.newPrefix(purpose);
  const t = Date.now();
  const jobs = await I.seedHires(db.url, hireBase, count);
  const { jobFor, names } = I.producerOptions(MAX_ATTEMPTS, BACKOFF_MS);
  const q = I.openQueue(prefix, names.queue);
  await q.queue.pause();
  for (let i = 0; i < jobs.length; i += 1000) await q.queue.addBulk(jobs.slice(i, i + 1000).map(jobFor));
  // BullMQ 6 keeps a paused queue's jobs in `wait` (it has no `paused` state any more).
  const counts = await q.queue.getJobCounts('wait');
  U.log(`${purpose}: ${jobs.length} hires stored and enqueued (waiting on the paused queue: ${counts.wait}) in ${Date.now() - t} ms`);
  return { db, prefix, q, jobs };
}

/** Resumes the queue and waits (bounded) until every sync job has finished; hires/s from the rows. */
async function measureDrain({ db, q, jobs }, target, label) {
  const client = await pgClient(db.url);
  try {
    return await drain(client, { db, q, jobs }, target, label);
  } finally {
    await client.end();
  }
}

async function drain(client, { db, q, jobs }, target, label) {
  const posts0 = (await sirh('/__bench/stats')).posts;
  await U.sleep(1500); // let start-up work finish before the clock starts
  const trips0 = await roundTrips(db.name);
  const cpu0 = U.cpuSnapshot({ [label]: target.pid });
  const sampler = U.rssSampler(target.pid, 500);
  const t0 = Date.now();
  await q.queue.resume();
  const deadline = t0 + Math.max(120000, jobs.length * 30); // bounded: at worst ~33 hires/s
  let done = 0;
  while (Date.now() < deadline) {
    await U.sleep(250);
    done = (await client.query(`SELECT count(*)::int AS n FROM sync_jobs WHERE status IN ('succeeded', 'failed', 'skipped')`)).rows[0].n;
    if (target.exited) throw new Error(`${label} exited (${target.exitCode}) during the sync run:\n${target.tail.join('\n')}`);
    if (done >= jobs.length) break;
  }
  const rss = sampler.stop();
  const cpu = U.cpuDiff(cpu0, U.cpuSnapshot({ [label]: target.pid }));
  const row = (
    await client.query(`SELECT extract(epoch FROM max(finished_at)) * 1000 AS end_ms,
        count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
        count(*) FILTER (WHERE status = 'failed')::int AS failed,
        count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
        count(*) FILTER (WHERE status NOT IN ('succeeded', 'failed', 'skipped'))::int AS unfinished,
        coalesce(sum(attempt_count), 0)::int AS attempt_count_sum
      FROM sync_jobs`)
  ).rows[0];
  const attempts = (
    await client.query(`SELECT count(*)::int AS n, count(DISTINCT sync_job_id)::int AS jobs,
        count(*) FILTER (WHERE outcome = 'succeeded')::int AS succeeded FROM sync_attempts`)
  ).rows[0];
  const employees = (await client.query(`SELECT count(*)::int AS n, count(hris_id)::int AS synced FROM employees`)).rows[0];
  const posts = (await sirh('/__bench/stats')).posts - posts0;
  const trips = await roundTripsPer(trips0, db.name, row.succeeded); // includes the bench's own polling (4/s)
  const complete = done >= jobs.length;
  const seconds = complete ? (Number(row.end_ms) - t0) / 1000 : (Date.now() - t0) / 1000;
  return {
    hires: jobs.length,
    complete,
    seconds: U.round(seconds, 2),
    hiresPerSec: U.round(row.succeeded / seconds, 0),
    succeeded: row.succeeded,
    failed: row.failed,
    skipped: row.skipped,
    unfinished: row.unfinished,
    sirhPosts: posts,
    attemptsRecorded: attempts.n,
    attemptJobs: attempts.jobs,
    attemptsSucceeded: attempts.succeeded,
    attemptCountSum: row.attempt_count_sum,
    employees: employees.n,
    employeesSynced: employees.synced,
    rssPeakMb: U.round(rss.peak),
    rssAfterMb: U.round(U.rssMb(target.pid)),
    cpuSeconds: cpu,
    cpuMsPerHire: row.succeeded ? U.round((1000 * (cpu[label] ?? 0)) / row.succeeded, 2) : null,
    ...trips,
  };
}

async function syncRound(kind, round) {
  const purpose = `sync_${kind}_${round}`;
  const seeded = await seedAndEnqueue(purpose, 1_000_000 * round + (kind === 'baseline' ? 500_000 : 0), CFG.syncHires);
  let target;
  try {
    target =
      kind === 'service'
        ? await startService({ role: 'worker', dbUrl: seeded.db.url, prefix: seeded.prefix, label: 'service-worker', profileLabel: 'worker-memory' })
        : await startBaselineWorker(seeded.db.url, seeded.prefix);
    const r = await measureDrain(seeded, target, kind);
    r.round = round;
    if (kind === 'service') r.memoryProbe = await memProbe(target, 'worker-memory');
    U.log(`sync ${kind} #${round}: ${r.hiresPerSec} hires/s (${r.succeeded}/${r.hires} in ${r.seconds} s), attempts recorded ${r.attemptsRecorded}, sirh posts ${r.sirhPosts}, rss ${r.rssAfterMb} MB, cpu ${r.cpuMsPerHire} ms/hire`);
    return r;
  } finally {
    await U.stopChild(target);
    await seeded.q.close();
    await I.dropDatabase(seeded.db.name);
    await I.deleteQueueKeys(seeded.prefix);
  }
}

async function syncThroughput() {
  const runs = { service: [], baseline: [] };
  for (let round = 1; round <= CFG.syncRounds; round++) {
    for (const kind of ['service', 'baseline']) {
      await settle(1000);
      runs[kind].push(await syncRound(kind, round));
    }
  }
  const summary = {};
  for (const kind of ['service', 'baseline']) {
    summary[kind] = {
      hiresPerSec: U.median(runs[kind].map((r) => r.hiresPerSec)),
      seconds: U.median(runs[kind].map((r) => r.seconds)),
      cpuMsPerHire: U.median(runs[kind].map((r) => r.cpuMsPerHire)),
      pgXactsPerHire: U.round(U.median(runs[kind].map((r) => r.pgXactsPerUnit)), 2),
      redisCommandsPerHire: U.round(U.median(runs[kind].map((r) => r.redisCommandsPerUnit)), 2),
      rssPeakMb: Math.max(...runs[kind].map((r) => r.rssPeakMb)),
      allSucceeded: runs[kind].every((r) => r.complete && r.succeeded === r.hires),
    };
  }
  summary.ratio = U.round(summary.service.hiresPerSec / summary.baseline.hiresPerSec, 3);
  summary.everyAttemptRecorded = runs.service.every(
    (r) => r.attemptsRecorded === r.sirhPosts && r.attemptJobs === r.hires && r.attemptCountSum === r.attemptsRecorded,
  );
  results.sync = { runs, summary };
  U.log(`sync medians: service ${summary.service.hiresPerSec} hires/s vs baseline ${summary.baseline.hiresPerSec} = ${summary.ratio}x`);
}

// ---------------------------------------------------------------------------------------------
// 4: end-to-end latency

/** Sends `count` hires at `rate`/s (open loop), recording when each was sent. */
async function sendAtRate(url, rate, count, agent) {
  const sent = new Map();
  const statuses = {};
  const ingest = [];
  const inflight = new Set();
  const t0 = U.nowMs();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - U.nowMs();
    if (wait > 1) await U.sleep(wait);
    const h = nextHire();
    const p = new Promise((resolve) => {
      const at = U.nowMs();
      sent.set(h.externalId, at);
      const req = http.request(
        `${url}/webhooks/flatchr?token=${TOKEN}`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(h.body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            ingest.push(U.nowMs() - at);
            resolve();
          });
        },
      );
      req.setTimeout(10000, () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        statuses.error = (statuses.error ?? 0) + 1;
        resolve();
      });
      req.end(h.body);
    });
    inflight.add(p);
    p.then(() => inflight.delete(p));
  }
  const sendSeconds = (U.nowMs() - t0) / 1000;
  await Promise.all(inflight);
  return { sent, statuses, ingest, achievedRate: U.round(count / sendSeconds, 1) };
}

async function e2eFor(sent, timeoutMs) {
  let times = {};
  await U.waitFor(
    async () => {
      times = await sirh('/__bench/times');
      return [...sent.keys()].every((k) => k in times);
    },
    'every hire to reach the SIRH',
    timeoutMs,
    250,
  ).catch((err) => U.log(err.message));
  const lat = [];
  let missing = 0;
  for (const [k, at] of sent) {
    if (k in times) lat.push(times[k] - at);
    else missing++;
  }
  lat.sort((a, b) => a - b);
  return { samples: lat.length, missing, p50: U.round(U.percentile(lat, 50)), p90: U.round(U.percentile(lat, 90)), p99: U.round(U.percentile(lat, 99)), max: U.round(lat.at(-1)) };
}

function pct(sortedOrNot) {
  const v = [...sortedOrNot].sort((a, b) => a - b);
  return { p50: U.round(U.percentile(v, 50)), p99: U.round(U.percentile(v, 99)) };
}

/**
 * Two deployments: the API and the worker as separate processes (the ones whose capacity was
 * measured above), and the single all-in-one process of the compose file.
 */
const LATENCY_DEPLOYMENTS = [
  { key: 'split', label: 'APP_ROLE=api + APP_ROLE=worker', roles: ['api', 'worker'] },
  { key: 'all', label: 'APP_ROLE=all (one process)', roles: ['all'] },
];

async function latency() {
  const ing = results.ingestion?.summary.service.rps ?? null;
  const syn = results.sync?.summary.service.hiresPerSec ?? null;
  const measured = [ing, syn].filter((x) => x);
  const capacity = measured.length ? Math.min(...measured) : num('BENCH_LATENCY_CAPACITY', 40);
  // Half capacity is what the issue asks for; a quarter shows the latency where both paths keep up
  // together (each capacity above was measured with the whole machine to itself).
  const loads = [
    ['idle', CFG.latencyIdleRate, CFG.latencyIdleSeconds],
    ['quarterCapacity', Math.max(1, Math.floor(capacity / 4)), CFG.latencyLoadSeconds],
    ['halfCapacity', Math.max(1, Math.floor(capacity / 2)), CFG.latencyLoadSeconds],
  ];
  const deployments = {};
  for (const deployment of LATENCY_DEPLOYMENTS) {
    deployments[deployment.key] = { label: deployment.label, ...(await latencyOf(deployment, loads)) };
  }
  results.latency = { capacity, capacityFrom: { ingestionRps: ing, syncHiresPerSec: syn }, deployments };
}

async function latencyOf(deployment, loads) {
  const db = await I.createDatabase(`latency_${deployment.key}`, state.template.name);
  const prefix = I.newPrefix(`latency_${deployment.key}`);
  const procs = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    for (const role of deployment.roles) procs.push(await startService({ role, dbUrl: db.url, prefix, label: `service-${role}` }));
    const url = procs[deployment.roles.findIndex((role) => role !== 'worker')].url;
    const pids = Object.fromEntries(procs.map((p, i) => [`service (${deployment.roles[i]})`, p.pid]));
    // warm-up: both paths, not counted
    await sirh('/__bench/record?on=1', 'POST');
    const warm = await sendAtRate(url, 50, 200, agent);
    await e2eFor(warm.sent, 60000);

    const phases = {};
    for (const [name, rate, seconds] of loads) {
      await settle(1000);
      await sirh('/__bench/record?on=1', 'POST');
      const cpu0 = U.cpuSnapshot(pids);
      const samplers = procs.map((p) => U.rssSampler(p.pid, 500));
      const s = await sendAtRate(url, rate, Math.round(rate * seconds), agent);
      const e2e = await e2eFor(s.sent, 120000);
      const peaks = samplers.map((sampler) => sampler.stop().peak);
      phases[name] = {
        targetRate: rate,
        achievedRate: s.achievedRate,
        hires: s.sent.size,
        statuses: s.statuses,
        ingestMs: pct(s.ingest),
        e2eMs: e2e,
        rssPeakMb: U.round(Math.max(...peaks)),
        cpuSeconds: U.cpuDiff(cpu0, U.cpuSnapshot(pids)),
      };
      U.log(`latency ${deployment.key} ${name} @${rate}/s: e2e p50 ${e2e.p50} ms p99 ${e2e.p99} ms (missing ${e2e.missing}), ingest p50 ${phases[name].ingestMs.p50} ms`);
    }
    await sirh('/__bench/record?on=0', 'POST');
    return { phases, rssAfterMb: U.round(Math.max(...procs.map((p) => U.rssMb(p.pid) ?? 0))) };
  } finally {
    agent.destroy();
    for (const p of procs) await U.stopChild(p);
    await I.dropDatabase(db.name);
    await I.deleteQueueKeys(prefix);
  }
}

// ---------------------------------------------------------------------------------------------
// 5: CPU profiles (BENCH_PROFILE=1)

/** Full GC in `h` (started with a profileLabel), then its memory figures in MB, before and after the GC. */
async function memProbe(h, label) {
  const out = path.join(PROFILE_DIR, `${label}.mem.json`);
  fs.rmSync(out, { force: true });
  fs.writeFileSync(path.join(PROFILE_DIR, `${label}.memprobe`), '');
  await U.waitFor(async () => {
    if (h.exited) throw new U.FatalWait(`${h.name} exited (${h.exitCode}) during a memory probe:\n${h.tail.join('\n')}`);
    return fs.existsSync(out);
  }, path.basename(out), 30000, 100);
  const m = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  const mb = (x) => U.round(x / 1048576);
  return {
    rssBeforeGcMb: mb(m.before.rss),
    rssAfterGcMb: mb(m.after.rss),
    heapUsedBeforeGcMb: mb(m.before.heapUsed),
    heapUsedAfterGcMb: mb(m.after.heapUsed),
    heapTotalBeforeGcMb: mb(m.before.heapTotal),
    heapTotalAfterGcMb: mb(m.after.heapTotal),
    externalBeforeGcMb: mb(m.before.external),
    externalAfterGcMb: mb(m.after.external),
  };
}

/** Starts ('start' -> waits for .started) or stops ('stop' -> waits for .cpuprofile) the profiler in `h`. */
async function profileControl(h, label, action) {
  const wait = path.join(PROFILE_DIR, `${label}.${action === 'start' ? 'started' : 'cpuprofile'}`);
  fs.writeFileSync(path.join(PROFILE_DIR, `${label}.${action}`), '');
  await U.waitFor(async () => {
    if (h.exited) throw new U.FatalWait(`${h.name} exited (${h.exitCode}) while profiling:\n${h.tail.join('\n')}`);
    return fs.existsSync(wait);
  }, path.basename(wait), 60000, 100);
}

async function profiles() {
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const out = {};
  const fresh = (label) => {
    for (const f of fs.readdirSync(PROFILE_DIR)) if (f.startsWith(`${label}.`)) fs.rmSync(path.join(PROFILE_DIR, f));
  };
  const record = (label, run) => {
    const file = path.join(PROFILE_DIR, `${label}.cpuprofile`);
    out[label] = { run, file: path.relative(I.ROOT, file), summary: profileSummary.summarizeFile(file, 25) };
  };

  // Ingestion: the API (APP_ROLE=api) and the baseline, same load, same window.
  for (const kind of ['service', 'baseline']) {
    const label = `${kind === 'service' ? 'api' : 'baseline'}-ingestion`;
    fresh(label);
    const db = await I.createDatabase(`profile_${label.replace('-', '_')}`, kind === 'service' ? state.template.name : undefined);
    const prefix = I.newPrefix(`profile_${label.replace('-', '_')}`);
    const target =
      kind === 'service'
        ? await startService({ role: 'api', dbUrl: db.url, prefix, label: 'service-api-prof', profileLabel: label })
        : await startBaselineIngest(db.url, prefix, label);
    try {
      await cannon(target.url, { duration: CFG.warmupSeconds });
      await settle(1000);
      await profileControl(target, label, 'start');
      const cpu0 = U.cpuSnapshot({ [kind]: target.pid });
      const r = cannonFigures(await cannon(target.url, { duration: CFG.profileSeconds }));
      r.cpuSeconds = U.cpuDiff(cpu0, U.cpuSnapshot({ [kind]: target.pid }));
      await profileControl(target, label, 'stop');
      record(label, r);
      U.log(`profiled ${label}: ${r.rps} req/s`);
    } finally {
      await U.stopChild(target);
      await I.dropDatabase(db.name);
      await I.deleteQueueKeys(prefix);
    }
  }

  // Sync: the worker (APP_ROLE=worker) and the baseline worker.
  for (const kind of ['service', 'baseline']) {
    const label = `${kind === 'service' ? 'worker' : 'baseline-worker'}-sync`;
    fresh(label);
    const seeded = await seedAndEnqueue(`profile_${kind}_sync`, 9_000_000 + (kind === 'baseline' ? 500_000 : 0), Math.min(CFG.syncHires, 5000));
    let target;
    try {
      target =
        kind === 'service'
          ? await startService({ role: 'worker', dbUrl: seeded.db.url, prefix: seeded.prefix, label: 'service-worker-prof', profileLabel: label })
          : await startBaselineWorker(seeded.db.url, seeded.prefix, label);
      await profileControl(target, label, 'start');
      const r = await measureDrain(seeded, target, kind);
      await profileControl(target, label, 'stop');
      record(label, { hiresPerSec: r.hiresPerSec, hires: r.hires, cpuMsPerHire: r.cpuMsPerHire, cpuSeconds: r.cpuSeconds });
      U.log(`profiled ${label}: ${r.hiresPerSec} hires/s`);
    } finally {
      await U.stopChild(target);
      await seeded.q.close();
      await I.dropDatabase(seeded.db.name);
      await I.deleteQueueKeys(seeded.prefix);
    }
  }
  results.profiles = out;
}

// ---------------------------------------------------------------------------------------------
// report

function machine() {
  const sh = (cmd) => {
    try {
      return execSync(cmd, { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc'),
    cpuModel: os.cpus()[0]?.model ?? null,
    free: sh('free -h'),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

async function serverVersions() {
  const pg = await I.admin((c) => c.query('SHOW server_version')).then((r) => r.rows[0].server_version);
  const redis = new IORedis(I.REDIS_URL);
  const info = await redis.info('server');
  redis.disconnect();
  return { postgres: pg, redis: /redis_version:(\S+)/.exec(info)?.[1] ?? null };
}

function check(name, target, value, met) {
  results.checks.push({ name, target, value, met: Boolean(met) });
}

function evaluate() {
  const ing = results.ingestion?.summary;
  if (ing) {
    check('ingestion req/s vs baseline', '>= 0.8x', `${ing.ratio}x (${ing.service.rps} vs ${ing.baseline.rps} req/s)`, ing.ratio >= 0.8);
    check('ingestion p99', '< 50 ms', `${ing.service.p99} ms`, ing.service.p99 < 50);
    check('ingestion errors', '0', String(ing.service.errors), ing.service.errors === 0);
    const notQueued = results.ingestion.deliveryStatuses.filter((x) => x.status !== 'queued');
    check('every request a new hire (none stored as duplicate)', 'all queued', results.ingestion.deliveryStatuses.map((x) => `${x.status} ${x.n}`).join(', '), notQueued.length === 0);
  }
  const mem = results.memory;
  if (mem) {
    const workerPeak = results.sync?.summary.service.rssPeakMb ?? 0;
    const allPeak = Math.max(0, ...Object.values(results.latency?.deployments.all?.phases ?? {}).map((p) => p.rssPeakMb));
    const peak = Math.max(mem.peakUnderLoadMb, workerPeak, allPeak);
    check(
      'RSS under load',
      '< 250 MB',
      `peak ${mem.peakUnderLoadMb} MB (APP_ROLE=api), ${workerPeak} MB (worker), ${allPeak} MB (all, latency runs)`,
      peak < 250,
    );
    const first = mem.probes[0];
    const mid = mem.probes.length > 2 ? mem.probes[1] : first;
    const last = mem.probes.at(-1);
    const heapGrowth = last.heapUsedAfterGcMb - mid.heapUsedAfterGcMb;
    check(
      `memory stable after ${mem.delivered} deliveries`,
      'retained heap (after a full GC) grows < max(5 MB, 10%) over the second half; RSS settles < 250 MB',
      `heap after GC ${first.heapUsedAfterGcMb} MB at ${first.delivered}, ${mid.heapUsedAfterGcMb} MB at ${mid.delivered}, ${last.heapUsedAfterGcMb} MB at ${last.delivered}; RSS ${mem.settledMb} MB after 15 s idle, ${last.rssAfterGcMb} MB after GC`,
      heapGrowth <= Math.max(5, 0.1 * mid.heapUsedAfterGcMb) && Math.min(mem.settledMb, last.rssAfterGcMb) < 250,
    );
  }
  const sync = results.sync?.summary;
  if (sync) {
    check('sync hires/s vs baseline worker', '>= 0.8x', `${sync.ratio}x (${sync.service.hiresPerSec} vs ${sync.baseline.hiresPerSec} hires/s)`, sync.ratio >= 0.8);
    check('every attempt recorded, every hire succeeded', 'yes', `${sync.everyAttemptRecorded && sync.service.allSucceeded ? 'yes' : 'NO'}`, sync.everyAttemptRecorded && sync.service.allSucceeded);
  }
  for (const d of Object.values(results.latency?.deployments ?? {})) {
    const idle = d.phases.idle.e2eMs;
    check(`idle end-to-end p50, ${d.label}`, '< 100 ms', `${idle.p50} ms (p99 ${idle.p99} ms)`, idle.p50 < 100);
  }
}

function markdown() {
  const r = results;
  const L = [];
  L.push(`Run ${r.machine.date}, ${CFG.quick ? 'BENCH_QUICK=1' : 'full'}; node ${r.machine.node}; ${r.machine.nproc} cores (${r.machine.cpuModel}); Postgres ${r.versions?.postgres}, Redis ${r.versions?.redis}; machine ${r.machine.busyBeforeStartPct}% busy before the start; the bench took ${r.durationSeconds} s.`, '');
  if (r.ingestion) {
    const s = r.ingestion.summary;
    L.push(`### Ingestion (${CFG.connections} connections, ${CFG.ingestSeconds} s per run, ${CFG.ingestRounds} runs each, alternated; medians)`, '');
    L.push('| | req/s | p50 ms | p99 ms | errors | CPU ms/req (own process) | Postgres xacts/req | RSS after MB |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const k of ['service', 'baseline']) L.push(`| ${k} | ${s[k].rps} | ${s[k].p50} | ${s[k].p99} | ${s[k].errors} | ${s[k].cpuMsPerRequest} | ${s[k].pgXactsPerRequest} | ${s[k].rssAfterMb} |`);
    L.push(`| **ratio** | **${s.ratio}x** | | | | | | |`, '');
    L.push('Every run:', '', '| run | req/s | p50 | p99 | max | errors | CPU s by process group |', '|---|---:|---:|---:|---:|---:|---|');
    for (const k of ['service', 'baseline']) for (const x of r.ingestion.runs[k]) L.push(`| ${k} #${x.round} | ${x.rps} | ${x.p50} | ${x.p99} | ${x.max} | ${x.errors} | ${Object.entries(x.cpuSeconds).map(([g, v]) => `${g} ${v}`).join(', ')} |`);
    L.push('', `Stored deliveries by status: ${r.ingestion.deliveryStatuses.map((x) => `${x.status} ${x.n}`).join(', ')}.`, '');
  }
  if (r.memory) {
    const m = r.memory;
    L.push('### Memory (API process)', '');
    L.push(`RSS at start ${m.rssAtStartMb} MB; after the ingestion runs ${m.rssAfterIngestionMb} MB; peak under load ${m.peakUnderLoadMb} MB; after ${m.delivered} deliveries ${m.timeline.at(-1).rssMb} MB, after 15 s idle ${m.settledMb} MB (errors during the soak: ${m.soakErrors}).`, '');
    L.push('| deliveries | RSS MB | peak MB | req/s | p99 ms |', '|---:|---:|---:|---:|---:|');
    for (const t of m.timeline) L.push(`| ${t.delivered} | ${t.rssMb} | ${t.rssPeakMb ?? ''} | ${t.rps ?? ''} | ${t.p99 ?? ''} |`);
    L.push('', `Idle after the soak, 1 s apart: ${m.idleAfterMb.join(', ')} MB.`, '');
    L.push('Full-GC probes (HeapProfiler.collectGarbage through the preload, then process.memoryUsage()):', '');
    L.push('| deliveries | RSS before GC MB | RSS after GC MB | heap used before GC MB | heap used after GC MB | heap total MB | external MB |', '|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of m.probes) L.push(`| ${p.delivered} | ${p.rssBeforeGcMb} | ${p.rssAfterGcMb} | ${p.heapUsedBeforeGcMb} | ${p.heapUsedAfterGcMb} | ${p.heapTotalAfterGcMb} | ${p.externalAfterGcMb} |`);
    L.push('');
  }
  if (r.sync) {
    const s = r.sync.summary;
    L.push(`### Sync throughput (${CFG.syncHires} hires, concurrency ${CFG.syncConcurrency}, ${CFG.syncRounds} runs each, alternated; medians)`, '');
    L.push('| | hires/s | seconds | CPU ms/hire (own process) | Postgres xacts/hire | RSS peak MB | all succeeded |', '|---|---:|---:|---:|---:|---:|---|');
    for (const k of ['service', 'baseline']) L.push(`| ${k} | ${s[k].hiresPerSec} | ${s[k].seconds} | ${s[k].cpuMsPerHire} | ${s[k].pgXactsPerHire} | ${s[k].rssPeakMb} | ${s[k].allSucceeded ? 'yes' : 'no'} |`);
    L.push(`| **ratio** | **${s.ratio}x** | | | | | |`, '');
    L.push('| run | hires/s | succeeded | SIRH POSTs | attempts recorded | employees synced | CPU s by process group |', '|---|---:|---:|---:|---:|---:|---|');
    for (const k of ['service', 'baseline']) for (const x of r.sync.runs[k]) L.push(`| ${k} #${x.round} | ${x.hiresPerSec} | ${x.succeeded}/${x.hires} | ${x.sirhPosts} | ${x.attemptsRecorded} | ${x.employeesSynced} | ${Object.entries(x.cpuSeconds).map(([g, v]) => `${g} ${v}`).join(', ')} |`);
    L.push('');
    for (const x of r.sync.runs.service) {
      if (x.memoryProbe) L.push(`Worker #${x.round} memory: RSS peak ${x.rssPeakMb} MB; after the run, before a full GC RSS ${x.memoryProbe.rssBeforeGcMb} MB / heap used ${x.memoryProbe.heapUsedBeforeGcMb} of ${x.memoryProbe.heapTotalBeforeGcMb} MB / external ${x.memoryProbe.externalBeforeGcMb} MB, after it RSS ${x.memoryProbe.rssAfterGcMb} MB / heap used ${x.memoryProbe.heapUsedAfterGcMb} of ${x.memoryProbe.heapTotalAfterGcMb} MB / external ${x.memoryProbe.externalAfterGcMb} MB.`, '');
    }
  }
  if (r.latency) {
    const l = r.latency;
    L.push(`### End-to-end latency (webhook sent -> SIRH answered 201; capacity ${l.capacity}/s = min(ingestion, sync))`, '');
    L.push('| deployment | load | rate sent | hires | e2e p50 ms | e2e p90 ms | e2e p99 ms | max ms | webhook p50 / p99 ms | missing | CPU s by process group |', '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|');
    for (const d of Object.values(l.deployments)) {
      for (const [k, p] of Object.entries(d.phases)) {
        const cpu = Object.entries(p.cpuSeconds).map(([g, v]) => `${g} ${v}`).join(', ');
        L.push(`| ${d.label} | ${k} | ${p.achievedRate}/s | ${p.hires} | ${p.e2eMs.p50} | ${p.e2eMs.p90} | ${p.e2eMs.p99} | ${p.e2eMs.max} | ${p.ingestMs.p50} / ${p.ingestMs.p99} | ${p.e2eMs.missing} | ${cpu} |`);
      }
    }
    L.push('');
  }
  L.push('### Targets', '', '| target | goal | measured | |', '|---|---|---|---|');
  for (const c of r.checks) L.push(`| ${c.name} | ${c.target} | ${c.value} | ${c.met ? 'met' : '**missed**'} |`);
  L.push('');
  if (r.profiles) {
    for (const [k, p] of Object.entries(r.profiles)) {
      L.push(profileSummary.toMarkdown(p.summary, `CPU profile: ${k} (${p.file})`));
    }
  }
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function cleanup() {
  for (const c of state.cannons) c.stop();
  for (const c of state.clients) await c.end().catch(() => undefined);
  await U.stopAllChildren();
  await I.cleanup();
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const snapshot = await I.snapshotDist(RESULTS_DIR);
  U.log(`service under test: ${path.relative(I.ROOT, path.join(snapshot, 'main.js'))} (a copy of dist/ taken now, so a rebuild by someone else cannot change it mid-run)`);
  const deadline = setTimeout(() => {
    U.log(`over ${CFG.deadlineMinutes} minutes: stopping`);
    void cleanup().finally(() => process.exit(3));
  }, CFG.deadlineMinutes * 60000);
  deadline.unref();

  await I.sweepStale(RESULTS_DIR);
  results.machine = machine();
  results.versions = await serverVersions();
  // Someone else's test run on the same two cores would skew every figure: wait (bounded) for a quiet machine.
  const waitUntil = Date.now() + CFG.quietWaitSeconds * 1000;
  for (;;) {
    const m0 = U.machineCpu();
    await U.sleep(3000);
    const m1 = U.machineCpu();
    results.machine.busyBeforeStartPct = U.round((100 * (m1.busy - m0.busy)) / (m1.total - m0.total), 0);
    if (results.machine.busyBeforeStartPct < 20 || Date.now() > waitUntil) break;
    U.log(`machine ${results.machine.busyBeforeStartPct}% busy (someone else's work): waiting for it to calm down`);
  }
  U.log(`machine ${results.machine.busyBeforeStartPct}% busy in the 3 s before the run (the "other" CPU column shows any later interference)`);
  U.log(`config: ${JSON.stringify(CFG)}`);

  state.template = await I.createDatabase('template');
  const applied = await I.migrate(state.template.url);
  U.log(`template database migrated (${applied.join(', ')})`);
  await startFakeSirh();

  const only = (process.env.BENCH_ONLY ?? 'ingestion,sync,latency').split(',');
  if (only.includes('ingestion')) await ingestionAndMemory();
  if (only.includes('sync')) await syncThroughput();
  if (only.includes('latency')) await latency();
  if (CFG.profile) await profiles();

  evaluate();
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  const md = markdown();
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(results, null, 2));
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), md);
  process.stdout.write(`\n${md}\n\n(bench took ${results.durationSeconds} s; bench/results/latest.{md,json})\n`);
  return results.checks.filter((c) => !c.met);
}

let exiting = false;
for (const ev of ['uncaughtException', 'unhandledRejection']) {
  process.on(ev, (err) => {
    U.log(`${ev}: ${err?.stack ?? err}`);
    if (exiting) return;
    exiting = true;
    void cleanup().finally(() => process.exit(1));
  });
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    if (exiting) return;
    exiting = true;
    U.log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async (missed) => {
    await cleanup();
    // A missed target is a failed run (exit 2; 1 is a run that broke): scripts and people see it without reading the table.
    if (missed.length > 0) U.log(`${missed.length} target(s) missed: ${missed.map((c) => c.name).join('; ')}`);
    process.exit(missed.length > 0 ? 2 : 0);
  })
  .catch(async (err) => {
    U.log(`FAILED: ${err.stack ?? err}`);
    await cleanup();
    process.exit(1);
  });
