/**
 * `npm run test:faults`: the BUILT service (an APP_ROLE=api and an APP_ROLE=worker process) takes
 * 2,000+ Flatchr deliveries (hires, re-hires, exact redeliveries, other events) while the worker is
 * SIGKILLed and restarted, this run's own Redis is restarted, and the fake SIRH answers 503, 429,
 * hangs and answers too late. Then it waits for every hire to be synced and checks that nothing
 * was lost or duplicated. Exit code 1 when a check fails.
 *
 * Knobs (environment): FAULTS_SEED (reproduce a run's delivery order), FAULTS_SPREAD_MS (how long
 * sending lasts, default 50000), FAULTS_SETTLE_TIMEOUT_MS (how long to wait for the hires to sync
 * after sending, default 150000), TEST_DATABASE_URL (as for npm test).
 * Everything it creates (processes, Redis, database, temp dir) is removed at the end, also on failure;
 * the services' logs are kept in the temp dir when the run fails (or with FAULTS_KEEP_LOGS=1).
 */
import { Queue } from 'bullmq';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startMockSirh } from '../../src/mock-sirh/mock-sirh.server';
import type { MockSirh } from '../../src/mock-sirh/mock-sirh.types';
import { Child } from '../harness/child-process';
import { createTestDatabase, uniqueName } from '../harness/database';
import { freePort, portOr } from '../harness/free-port';
import { RedisProcess } from '../harness/redis-process';
import { snapshotBuild, startBuiltService, waitUntilHealthy } from '../harness/service-process';
import { sleep, waitFor } from '../harness/wait';
import { DEFAULT_PLAN_SIZE, buildDeliveryPlan } from './delivery-plan';
import { FaultRecord, FaultStep, runFaultSchedule } from './fault-schedule';
import { log } from './log';
import { CaughtJobs, FaultsStruck, measureOutcome, printOutcome } from './outcome';
import { SendStats, sendDeliveries } from './webhook-sender';

const num = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);
const SEED = num('FAULTS_SEED', Math.floor(Math.random() * 2 ** 31));
const SPREAD_MS = num('FAULTS_SPREAD_MS', 50_000);
const SETTLE_TIMEOUT_MS = num('FAULTS_SETTLE_TIMEOUT_MS', 150_000);
const WEBHOOK_TOKEN = 'faults-webhook-token-0123456789';
const SIRH_API_KEY = 'faults-sirh-key';

/** Everything to undo, in reverse order of creation. */
const cleanups: Array<{ what: string; run: () => Promise<unknown> }> = [];
let cleaning: Promise<void> | null = null;
/** Set when the run fails: the services' logs stay in the temp dir. */
let keepLogs = false;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await Promise.race([c.run(), sleep(15000).then(() => Promise.reject(new Error('took over 15 s')))]);
      } catch (err) {
        log(`cleanup: ${c.what} failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}

async function main(): Promise<boolean> {
  const started = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'hirebridge-faults-'));
  cleanups.push({
    what: 'temp dir',
    run: async () =>
      keepLogs || process.env.FAULTS_KEEP_LOGS === '1' ? log(`logs kept in ${workDir}`) : rmSync(workDir, { recursive: true, force: true }),
  });

  const build = await snapshotBuild(workDir);
  // AOF on, no RDB snapshots, noeviction: as the README asks of production.
  const redis = await RedisProcess.start({
    port: await portOr(6391),
    dir: workDir,
    args: ['--appendonly', 'yes', '--maxmemory-policy', 'noeviction'],
  });
  cleanups.push({ what: 'redis-server', run: () => redis.stop() });
  log(`own redis-server on ${redis.url} (AOF in ${workDir})`);

  const database = await createTestDatabase();
  cleanups.push({ what: 'database', run: () => database.drop() });
  const db = new Client({ connectionString: database.url });
  await db.connect();
  cleanups.push({ what: 'database client', run: () => db.end() });

  const sirh: MockSirh = await startMockSirh({ apiKey: SIRH_API_KEY });
  cleanups.push({ what: 'mock SIRH', run: () => sirh.close() });

  const queuePrefix = uniqueName('hbfaults');
  const queue = new Queue('hire-sync', {
    connection: { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null },
    prefix: queuePrefix,
  });
  queue.on('error', () => undefined); // Redis goes away on purpose
  cleanups.push({ what: 'queue client', run: () => queue.close() });

  const apiPort = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix,
    WEBHOOK_TOKEN,
    SIRH_BASE_URL: sirh.url,
    SIRH_API_KEY,
    SIRH_TIMEOUT_MS: '1000',
    SYNC_BACKOFF_MS: '200',
    SYNC_MAX_ATTEMPTS: '20',
    RECONCILE_INTERVAL_MS: '5000',
    LOG_LEVEL: 'warn',
    DASHBOARD_USER: 'faults',
    DASHBOARD_PASSWORD: 'faults-password-1',
  };
  const children = new Set<Child>();
  cleanups.push({ what: 'service processes', run: () => Promise.all([...children].map((c) => c.stop(10000))) });

  const startService = (role: 'api' | 'worker', n = 1) =>
    startBuiltService(role, { build, env, name: `${role}#${n}`, logPath: join(workDir, `${role}.log`) });
  const api = startService('api');
  children.add(api);
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  await waitUntilHealthy(api, baseUrl);
  log(`API (pid ${api.pid}) healthy on ${baseUrl}`);

  let workerNo = 0;
  let worker: Child | null = null;
  const startWorker = async () => {
    const before = await queue.getWorkersCount();
    worker = startService('worker', ++workerNo);
    children.add(worker);
    const w = worker;
    const connected = waitFor(async () => (await queue.getWorkersCount()) > before, 'the worker to connect to the queue', 60000, 200);
    const exited = w.exited.then((e) => Promise.reject(new Error(`worker exited during start (code ${e.code}, signal ${e.signal})`)));
    exited.catch(() => undefined);
    await Promise.race([connected, exited]).catch((err: Error) => {
      throw new Error(`${err.message}\n--- last output of ${w.name} ---\n${w.lastLines()}`);
    });
    return `pid ${w.pid} consuming`;
  };
  await startWorker();
  log(`worker (pid ${worker!.pid}) consuming queue ${queuePrefix}:hire-sync`);

  const plan = buildDeliveryPlan(DEFAULT_PLAN_SIZE, SEED);
  log(
    `plan (seed ${SEED}): ${plan.items.length} deliveries = ${plan.unique} unique + ${plan.redeliveries} exact redeliveries; ` +
      `${plan.hireDeliveries} hire deliveries for ${plan.hiredCandidates.length} people; sending over ${SPREAD_MS / 1000} s, 16 in flight`,
  );

  // The jobs a worker holds (BullMQ 'active'): the row says nothing until the run's outcome is written.
  const activeIds = async (): Promise<string[]> => (await queue.getActive()).map((j) => (j.data as { syncJobId: string }).syncJobId);
  const pendingPushes = () => sirh.requests.filter((r) => r.method === 'POST' && r.answeredStatus === undefined).length;
  /** Jobs caught mid-run by a fault: the report says how long each took to finish after it. */
  const caught: CaughtJobs[] = [];
  /** What each fault found when it struck; the outcome fails when a fault struck nothing. */
  const struck: FaultsStruck = { pushesInFlightAtKill: 0, activeAtKill: 0, activeAtRedisRestart: 0 };
  /** The SIRH holds every push until `release()`: a fault then strikes pushes certainly in flight. */
  let releaseHeld = () => undefined as void;
  const holdPushes = async () => {
    sirh.setFaultMode({ holdUntil: new Promise<void>((resolve) => (releaseHeld = resolve)) });
  };
  const s = (seconds: number) => Math.round((seconds * SPREAD_MS) / 50);
  const steps: FaultStep[] = [
    { atMs: s(4), what: 'SIRH answers 503', run: async () => sirh.setFaultMode({ status: 503 }) },
    // Pushes are held so that the kill lands mid-push: the SIRH creates those employees once the
    // worker is dead, the dead worker never records it, and its successor must not create them again.
    { atMs: s(9), what: 'SIRH holds every push', run: holdPushes },
    {
      atMs: s(10),
      what: 'SIGKILL the worker mid-push',
      run: async () => {
        const w = worker!;
        try {
          // Deliveries keep arriving, so a push is soon held; none after 30 s is a failed fault, reported below.
          struck.pushesInFlightAtKill = await waitFor(async () => pendingPushes(), 'a SIRH push in flight', 30000, 20).catch(() => 0);
          const ids = await activeIds();
          struck.activeAtKill = ids.length;
          caught.push({ fault: 'the worker SIGKILL', at: new Date(), ids });
          w.signal('SIGKILL');
          const ended = await w.exited;
          children.delete(w);
          const inFlight = struck.pushesInFlightAtKill;
          return `pid ${w.pid} ended by ${ended.signal}; ${ids.length} sync job(s) active, ${inFlight} SIRH push(es) in flight`;
        } finally {
          sirh.setFaultMode(null);
          releaseHeld(); // the held pushes now create their employees, for a worker that is gone
        }
      },
    },
    { atMs: s(12), what: 'start a new worker', run: startWorker },
    { atMs: s(17), what: 'SIRH answers 429 Retry-After: 1', run: async () => sirh.setFaultMode({ status: 429, retryAfterSeconds: 1 }) },
    { atMs: s(22), what: 'SIRH back to normal', run: async () => sirh.setFaultMode(null) },
    // Pushes held again, so that Redis goes away while the worker holds jobs mid-push.
    { atMs: s(23), what: 'SIRH holds every push', run: holdPushes },
    {
      atMs: s(24),
      what: 'restart Redis (SIGTERM, held pushes answered while it is down, 3 s down, start on the same port and AOF dir)',
      run: async () => {
        try {
          const earlier = new Set(caught.flatMap((c) => c.ids));
          const fresh = async () => (await activeIds()).filter((id) => !earlier.has(id));
          const ids = await waitFor(async () => ((await fresh()).length > 0 ? fresh() : null), 'a sync job active', 30000, 50).catch(
            () => [] as string[],
          );
          struck.activeAtRedisRestart = ids.length;
          caught.push({ fault: 'the Redis restart', at: new Date(), ids });
          // The worker gets its answers while Redis is away, and must record them once it is back.
          await redis.restart(3000, () => {
            sirh.setFaultMode(null);
            releaseHeld();
          });
          return `${ids.length} sync job(s) were active when it stopped (not counting earlier ones); back up`;
        } finally {
          sirh.setFaultMode(null);
          releaseHeld();
        }
      },
    },
    { atMs: s(32), what: 'SIRH hangs (time-outs)', run: async () => sirh.setFaultMode({ hang: true }) },
    {
      atMs: s(36),
      what: 'SIRH answers after 1.5 s (after the 1 s time-out, employee created anyway)',
      run: async () => sirh.setFaultMode({ delayMs: 1500 }),
    },
    { atMs: s(40), what: 'SIRH back to normal', run: async () => sirh.setFaultMode(null) },
  ];

  const t0 = Date.now();
  const [sent, faults]: [SendStats, FaultRecord[]] = await Promise.all([
    sendDeliveries(
      plan.items,
      { baseUrl, token: WEBHOOK_TOKEN, concurrency: 16, spreadOverMs: SPREAD_MS, maxAttempts: 8, requestTimeoutMs: 10000 },
      (done) => {
        if (done % 500 === 0) log(`sent ${done}/${plan.items.length}`);
      },
    ),
    runFaultSchedule(steps, t0),
  ]);
  log(
    `all ${plan.items.length} deliveries sent in ${((Date.now() - t0) / 1000).toFixed(1)} s (${sent.failedRequests} failed requests retried)`,
  );

  // Every hire's sync job must end succeeded or skipped; 'failed' is final too (and a failed check).
  const settleStart = Date.now();
  let lastLog = 0;
  const settled = await waitFor(
    async () => {
      const r = (
        await db.query(
          `SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('succeeded', 'skipped')) AS done,
                  count(*) FILTER (WHERE status = 'failed') AS failed FROM sync_jobs`,
        )
      ).rows[0];
      const [total, done, failed] = [Number(r.total), Number(r.done), Number(r.failed)];
      if (Date.now() - lastLog > 10000) {
        lastLog = Date.now();
        log(`sync jobs: ${done}/${total} succeeded or skipped, ${failed} failed`);
      }
      return total >= plan.hireDeliveries && done + failed === total;
    },
    'every hire sync job to finish',
    SETTLE_TIMEOUT_MS,
    1000,
  )
    .then(() => true)
    .catch((err: Error) => {
      log(err.message);
      return false;
    });
  log(`${settled ? 'settled' : 'NOT settled'} ${((Date.now() - settleStart) / 1000).toFixed(1)} s after the last delivery`);
  // Late answers (the delay fault) land before counting; only the hang fault's calls stay unanswered.
  const unanswered = () =>
    sirh.requests.filter(
      (r) => r.method === 'POST' && r.answeredStatus === undefined && !(r.fault && ('hang' in r.fault || 'destroy' in r.fault)),
    );
  await waitFor(async () => unanswered().length === 0, 'the late SIRH answers', 30000, 100).catch((err: Error) => log(err.message));

  const notQueued = notQueuedDeliveries(join(workDir, 'api.log'));
  const outcome = await measureOutcome(plan, sent, db, sirh, queue, { notQueued, caught, struck });
  const header = [
    `HireBridge fault test: seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    ...faults.map((f) => `  +${f.startedAt.padStart(5)} s  ${f.what}${f.note ? ` (${f.note})` : ''}`),
  ];
  printOutcome(outcome, header);
  const ok = outcome.checks.every((c) => c.ok);
  if (!ok) {
    keepLogs = true;
    log(`FAILED: service logs in ${workDir} (api.log, worker.log, redis.log); rerun with FAULTS_SEED=${SEED}`);
  }
  return ok;
}

/** Deliveries the API stored but could not queue (Redis away), from its JSON log lines. */
function notQueuedDeliveries(apiLogPath: string): string[] {
  const ids: string[] = [];
  for (const line of readFileSync(apiLogPath, 'utf8').split('\n')) {
    if (!line.includes('stored but not queued')) continue;
    try {
      const id = (JSON.parse(line) as { deliveryId?: string }).deliveryId;
      ids.push(id ?? '?');
    } catch {
      ids.push('?');
    }
  }
  return ids;
}

main()
  .then(async (ok) => {
    await cleanup();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (err: unknown) => {
    keepLogs = true;
    log(`run aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exit(2);
  });
