/** Load generation (autocannon, an open-loop sender) and the per-run readings taken around it. */
import http from 'node:http';
import IORedis from 'ioredis';
import { sleep } from '../../test/harness/wait';
import { CFG, TOKEN } from '../config';
import { state } from '../context';
import { admin, REDIS_URL } from './infra';
import { cpuDiff, cpuSnapshot, nowMs, round, rssMb, rssSampler } from './measure';
import { nextHire } from './payloads';
import type { Target } from './processes';

/** The parts of autocannon's result the bench reads (the package ships no types). */
interface CannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats?: Record<string, unknown>;
}
interface CannonInstance {
  stop(): void;
}
const autocannon: (
  opts: Record<string, unknown>,
  done: (err: Error | null, res: CannonResult) => void,
) => CannonInstance = require('autocannon');

/** Committed + rolled-back transactions of one database (Postgres flushes these counters about once a second). */
async function pgXacts(dbName: string): Promise<number> {
  const { rows } = await admin((c) =>
    c.query('SELECT (xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname = $1', [dbName]),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Commands processed by the whole Redis server (anyone else's included). */
async function redisCommands(): Promise<number> {
  const redis = new IORedis(REDIS_URL);
  try {
    return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))![1]);
  } finally {
    redis.disconnect();
  }
}

export interface RoundTrips {
  pg: number;
  redis: number;
}

/** Round trips per unit of work: Postgres transactions (one per autocommit statement) and Redis commands. */
export async function roundTrips(dbName: string): Promise<RoundTrips> {
  const [pg, redis] = await Promise.all([pgXacts(dbName), redisCommands()]);
  return { pg, redis };
}

export async function roundTripsPer(before: RoundTrips, dbName: string, units: number) {
  await sleep(1100); // let the backends flush their statistics
  const after = await roundTrips(dbName);
  return {
    pgXactsPerUnit: units ? round((after.pg - before.pg) / units, 2) : null,
    redisCommandsPerUnit: units ? round((after.redis - before.redis) / units, 2) : null,
  };
}

/** Flushes dirty buffers between runs so that no run pays for the previous one's checkpoint. */
export async function settle(ms = 2000): Promise<void> {
  await admin((c) => c.query('CHECKPOINT')).catch(() => undefined);
  await sleep(ms);
}

/** autocannon against POST /webhooks/flatchr with a new hire in every request. */
export function cannon(url: string, { duration, amount }: { duration?: number; amount?: number }): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    const opts: Record<string, unknown> = {
      url: `${url}/webhooks/flatchr?token=${TOKEN}`,
      connections: CFG.connections,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      timeout: 10,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: any) => {
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

export function cannonFigures(res: CannonResult) {
  const errors = (res.errors ?? 0) + (res.timeouts ?? 0) + (res.non2xx ?? 0);
  return {
    rps: round(res.requests.total / res.duration, 0) as number,
    p50: res.latency.p50,
    p90: res.latency.p90,
    p99: res.latency.p99,
    max: res.latency.max,
    requests: res.requests.total,
    ok2xx: res['2xx'],
    errors,
    errorDetail: { errors: res.errors, timeouts: res.timeouts, non2xx: res.non2xx, statusCodes: res.statusCodeStats },
    durationS: round(res.duration, 2),
  };
}

/** One measured autocannon run against a process, with its RSS and the CPU every group used. */
export async function measuredCannon(target: Target, label: string, cannonOpts: { duration?: number; amount?: number }, dbName?: string) {
  const trips0 = dbName ? await roundTrips(dbName) : null;
  const cpu0 = cpuSnapshot({ [label]: target.pid });
  const sampler = rssSampler(target.pid, 250);
  const res = await cannon(target.url, cannonOpts);
  const rss = sampler.stop();
  if (!target.running) {
    throw new Error(`${target.name} (pid ${target.pid}) exited (${target.exitCode}) during a measured run:\n${target.lastLines()}`);
  }
  const cpu = cpuDiff(cpu0, cpuSnapshot({ [label]: target.pid }));
  const f = cannonFigures(res);
  const trips = dbName && trips0 ? await roundTripsPer(trips0, dbName, f.requests) : {};
  return {
    ...f,
    ...trips,
    round: 0,
    rssPeakMb: round(rss.peak) as number,
    rssAfterMb: round(rssMb(target.pid)),
    cpuSeconds: cpu,
    cpuMsPerRequest: f.requests ? round((1000 * (cpu[label] ?? 0)) / f.requests, 2) : null,
  };
}

/** Sends `count` hires at `rate`/s (open loop), recording when each was sent. */
export async function sendAtRate(url: string, rate: number, count: number, agent: http.Agent) {
  const sent = new Map<string, number>();
  const statuses: Record<string, number> = {};
  const ingest: number[] = [];
  const inflight = new Set<Promise<void>>();
  const t0 = nowMs();
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - nowMs();
    if (wait > 1) await sleep(wait);
    const h = nextHire();
    const p = new Promise<void>((resolve) => {
      const at = nowMs();
      sent.set(h.externalId, at);
      const req = http.request(
        `${url}/webhooks/flatchr?token=${TOKEN}`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(h.body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1;
            ingest.push(nowMs() - at);
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
    void p.then(() => inflight.delete(p));
  }
  const sendSeconds = (nowMs() - t0) / 1000;
  await Promise.all(inflight);
  return { sent, statuses, ingest, achievedRate: round(count / sendSeconds, 1) };
}
