/** The processes under test (service roles, baselines) and the fake SIRH, started through the shared harness. */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { Child } from '../../test/harness/child-process';
import { freePort } from '../../test/harness/free-port';
import { startBuiltService, waitUntilHealthy } from '../../test/harness/service-process';
import { FatalWait, waitFor } from '../../test/harness/wait';
import { BACKOFF_MS, BENCH_DIR, CFG, MAX_ATTEMPTS, PROFILE_DIR, SIRH_API_KEY, TOKEN } from '../config';
import { state } from '../context';
import { dist, openQueue, REDIS_URL, ROOT } from './infra';
import { log } from './log';
import { round } from './measure';

/** A started process with the URL it serves (empty for a worker). */
export type Target = Child & { url: string };

const withUrl = (child: Child, url: string): Target => Object.assign(child, { url });

async function ready(child: Child, line: RegExp): Promise<RegExpExecArray> {
  return child.waitForOutput(line, 30000);
}

export async function startFakeSirh(): Promise<Child> {
  const h = new Child('fake-sirh', process.execPath, [join(BENCH_DIR, 'fake-sirh.js')], { env: { PATH: process.env.PATH ?? '' } });
  const m = await ready(h, /READY (\d+)/);
  state.sirh = h;
  state.sirhUrl = `http://127.0.0.1:${m[1]}`;
  return h;
}

export async function sirh(pathAndQuery: string, method = 'GET'): Promise<any> {
  const res = await fetch(`${state.sirhUrl}${pathAndQuery}`, { method });
  return res.json();
}

function serviceEnv(port: number, dbUrl: string, prefix: string, extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl,
    REDIS_URL,
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
    ...(CFG.serviceNodeOptions ? { NODE_OPTIONS: CFG.serviceNodeOptions } : {}),
    ...extra,
  };
}

function preload(profileLabel?: string): string[] {
  return profileLabel ? ['-r', join(BENCH_DIR, 'lib', 'cpu-profile-preload.js')] : [];
}

function profileEnv(profileLabel?: string): Record<string, string> {
  return profileLabel ? { BENCH_PROF_DIR: PROFILE_DIR, BENCH_PROF_LABEL: profileLabel } : {};
}

export interface ServiceOptions {
  role: 'api' | 'worker' | 'all';
  dbUrl: string;
  prefix: string;
  label: string;
  profileLabel?: string;
  /** More settings for this start (they win over the bench's). */
  env?: Record<string, string>;
}

/** The built service as `npm run start:prod` runs it; resolves once it serves /health (or its worker is registered). */
export async function startService({ role, dbUrl, prefix, label, profileLabel, env }: ServiceOptions): Promise<Target> {
  const port = await freePort();
  const child = startBuiltService(role, {
    build: dist(),
    name: label,
    nodeArgs: preload(profileLabel),
    env: serviceEnv(port, dbUrl, prefix, { ...profileEnv(profileLabel), ...env }),
  });
  const h = withUrl(child, `http://127.0.0.1:${port}`);
  if (role === 'worker') {
    const q = openQueue(prefix);
    try {
      await waitFor(
        async () => {
          if (!h.running) throw new FatalWait(`${label} exited (${h.exitCode}) during start-up:\n${h.lastLines()}`);
          return (await q.queue.getWorkers()).length > 0;
        },
        `${label} worker to register`,
        60000,
        100,
      );
    } finally {
      await q.close();
    }
  } else {
    await waitUntilHealthy(h, h.url);
  }
  return h;
}

export async function startBaselineIngest(dbUrl: string, prefix: string, profileLabel?: string): Promise<Target> {
  const child = new Child(
    'baseline-ingest',
    process.execPath,
    [...preload(profileLabel), join(BENCH_DIR, 'baseline', 'ingest-server.js')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        DATABASE_URL: dbUrl,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        WEBHOOK_TOKEN: TOKEN,
        ...profileEnv(profileLabel),
      },
    },
  );
  const m = await ready(child, /READY (\d+)/);
  return withUrl(child, `http://127.0.0.1:${m[1]}`);
}

export async function startBaselineWorker(dbUrl: string, prefix: string, profileLabel?: string): Promise<Target> {
  const child = new Child('baseline-worker', process.execPath, [...preload(profileLabel), join(BENCH_DIR, 'baseline', 'sync-worker.js')], {
    cwd: ROOT,
    env: {
      ...profileEnv(profileLabel),
      PATH: process.env.PATH ?? '',
      DATABASE_URL: dbUrl,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SIRH_BASE_URL: state.sirhUrl,
      SIRH_API_KEY,
      SYNC_CONCURRENCY: String(CFG.syncConcurrency),
    },
  });
  await ready(child, /READY/);
  return withUrl(child, '');
}

/** A Postgres client the run closes on its way out, also after a failure. */
export async function pgClient(url: string): Promise<{ query: Client['query']; end(): Promise<void> }> {
  const c = new Client({ connectionString: url });
  c.on('error', (err) => log(`pg client: ${err.message}`));
  await c.connect();
  const handle = {
    query: c.query.bind(c) as Client['query'],
    async end() {
      state.clients.delete(handle);
      await c.end();
    },
  };
  state.clients.add(handle);
  return handle;
}

function waitForFile(h: Child, file: string, doing: string, timeoutMs: number): Promise<boolean> {
  return waitFor(
    async () => {
      if (!h.running) throw new FatalWait(`${h.name} exited (${h.exitCode}) ${doing}:\n${h.lastLines()}`);
      return existsSync(file);
    },
    basename(file),
    timeoutMs,
    100,
  );
}

/** Full GC in `h` (started with a profileLabel), then its memory figures in MB, before and after the GC. */
export async function memProbe(h: Child, label: string) {
  const out = join(PROFILE_DIR, `${label}.mem.json`);
  rmSync(out, { force: true });
  writeFileSync(join(PROFILE_DIR, `${label}.memprobe`), '');
  await waitForFile(h, out, 'during a memory probe', 30000);
  const m = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  const mb = (x: number) => round(x / 1048576);
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
export async function profileControl(h: Child, label: string, action: 'start' | 'stop'): Promise<void> {
  const wait = join(PROFILE_DIR, `${label}.${action === 'start' ? 'started' : 'cpuprofile'}`);
  writeFileSync(join(PROFILE_DIR, `${label}.${action}`), '');
  await waitForFile(h, wait, 'while profiling', 60000);
}
