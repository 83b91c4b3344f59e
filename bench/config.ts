import { join } from 'node:path';

const QUICK = process.env.BENCH_QUICK === '1';
const num = (name: string, def: number) => (process.env[name] ? Number(process.env[name]) : def);

/** Every knob of a run (BENCHMARKS.md lists them); BENCH_QUICK=1 shortens the runs, not the method. */
export const CFG = {
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
  /** Used for the latency loads when the run measured neither ingestion nor sync. */
  latencyCapacity: num('BENCH_LATENCY_CAPACITY', 40),
  /** Connections that send a webhook's headers and a piece of body without the token, then stall. */
  stalledUploads: num('BENCH_STALLED_UPLOADS', 2000),
  only: (process.env.BENCH_ONLY ?? 'ingestion,sync,latency,stalled').split(','),
  profile: process.env.BENCH_PROFILE === '1',
  serviceNodeOptions: process.env.BENCH_SERVICE_NODE_OPTIONS ?? null,
  profileSeconds: QUICK ? 5 : 10,
  /** Waits (at most this long) for the machine to be quiet before starting. */
  quietWaitSeconds: num('BENCH_QUIET_WAIT_SECONDS', QUICK ? 0 : 120),
  /** Hard stop for the whole run. */
  deadlineMinutes: num('BENCH_DEADLINE_MINUTES', 25),
};

export const MAX_ATTEMPTS = 10;
export const BACKOFF_MS = 2000;
export const TOKEN = 'bench-webhook-token-0123456789';
export const SIRH_API_KEY = 'bench-sirh-key';
export const BENCH_DIR = __dirname;
export const RESULTS_DIR = join(__dirname, 'results');
export const PROFILE_DIR = join(RESULTS_DIR, 'profiles');
