/**
 * Sync: CFG.syncHires hires stored as the webhook stores them and enqueued on a paused queue; the worker
 * (APP_ROLE=worker) or the baseline worker (bench/baseline/sync-worker.js) starts, the queue is resumed,
 * and hires/s is counted until every job is finished (from the rows' finished_at). Alternated, medians.
 */
import { sleep } from '../../test/harness/wait';
import { BACKOFF_MS, CFG, MAX_ATTEMPTS } from '../config';
import { results, templateName } from '../context';
import {
  BenchDatabase,
  createDatabase,
  deleteQueueKeys,
  dropDatabase,
  newPrefix,
  OpenQueue,
  openQueue,
  producerOptions,
  SeededJob,
  seedHires,
} from '../lib/infra';
import { roundTrips, roundTripsPer, settle } from '../lib/load';
import { log } from '../lib/log';
import { cpuDiff, cpuSnapshot, median, round, rssMb, rssSampler } from '../lib/measure';
import { memProbe, pgClient, sirh, startBaselineWorker, startService, Target } from '../lib/processes';

export interface Seeded {
  db: BenchDatabase;
  prefix: string;
  q: OpenQueue;
  jobs: SeededJob[];
}

export async function seedAndEnqueue(purpose: string, hireBase: number, count: number): Promise<Seeded> {
  const db = await createDatabase(purpose, templateName());
  const prefix = newPrefix(purpose);
  const t = Date.now();
  const jobs = await seedHires(db.url, hireBase, count);
  const { jobFor, names } = producerOptions(MAX_ATTEMPTS, BACKOFF_MS);
  const q = openQueue(prefix, names.queue);
  await q.queue.pause();
  for (let i = 0; i < jobs.length; i += 1000) await q.queue.addBulk(jobs.slice(i, i + 1000).map(jobFor));
  // BullMQ 6 keeps a paused queue's jobs in `wait` (it has no `paused` state any more).
  const counts = await q.queue.getJobCounts('wait');
  log(`${purpose}: ${jobs.length} hires stored and enqueued (waiting on the paused queue: ${counts.wait}) in ${Date.now() - t} ms`);
  return { db, prefix, q, jobs };
}

export async function releaseSeeded(seeded: Seeded): Promise<void> {
  await seeded.q.close();
  await dropDatabase(seeded.db.name);
  await deleteQueueKeys(seeded.prefix);
}

/** Resumes the queue and waits (bounded) until every sync job has finished; hires/s from the rows. */
export async function measureDrain({ db, q, jobs }: Seeded, target: Target, label: string) {
  const client = await pgClient(db.url);
  try {
    const posts0 = (await sirh('/__bench/stats')).posts;
    await sleep(1500); // let start-up work finish before the clock starts
    const trips0 = await roundTrips(db.name);
    const cpu0 = cpuSnapshot({ [label]: target.pid });
    const sampler = rssSampler(target.pid, 500);
    const t0 = Date.now();
    await q.queue.resume();
    const deadline = t0 + Math.max(120000, jobs.length * 30); // bounded: at worst ~33 hires/s
    let done = 0;
    while (Date.now() < deadline) {
      await sleep(250);
      done = (await client.query(`SELECT count(*)::int AS n FROM sync_jobs WHERE status IN ('succeeded', 'failed', 'skipped')`)).rows[0].n;
      if (!target.running) throw new Error(`${label} exited (${target.exitCode}) during the sync run:\n${target.lastLines()}`);
      if (done >= jobs.length) break;
    }
    const rss = sampler.stop();
    const cpu = cpuDiff(cpu0, cpuSnapshot({ [label]: target.pid }));
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
      round: 0,
      hires: jobs.length,
      complete,
      seconds: round(seconds, 2),
      hiresPerSec: round(row.succeeded / seconds, 0),
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
      rssPeakMb: round(rss.peak) as number,
      rssAfterMb: round(rssMb(target.pid)),
      cpuSeconds: cpu,
      cpuMsPerHire: row.succeeded ? round((1000 * (cpu[label] ?? 0)) / row.succeeded, 2) : null,
      memoryProbe: undefined as Awaited<ReturnType<typeof memProbe>> | undefined,
      ...trips,
    };
  } finally {
    await client.end();
  }
}

type SyncRun = Awaited<ReturnType<typeof measureDrain>>;

/** The service's worker (APP_ROLE=worker) or the baseline worker, on a seeded queue; each with its own probe or profile label. */
export async function startSyncTarget(
  kind: 'service' | 'baseline',
  seeded: Seeded,
  service: { label: string; profileLabel: string },
  baselineProfileLabel?: string,
): Promise<Target> {
  if (kind === 'baseline') return startBaselineWorker(seeded.db.url, seeded.prefix, baselineProfileLabel);
  return startService({ role: 'worker', dbUrl: seeded.db.url, prefix: seeded.prefix, ...service });
}

async function syncRound(kind: 'service' | 'baseline', round: number): Promise<SyncRun> {
  const purpose = `sync_${kind}_${round}`;
  const seeded = await seedAndEnqueue(purpose, 1_000_000 * round + (kind === 'baseline' ? 500_000 : 0), CFG.syncHires);
  let target: Target | undefined;
  try {
    target = await startSyncTarget(kind, seeded, { label: 'service-worker', profileLabel: 'worker-memory' });
    const r = await measureDrain(seeded, target, kind);
    r.round = round;
    if (kind === 'service') r.memoryProbe = await memProbe(target, 'worker-memory');
    log(
      `sync ${kind} #${round}: ${r.hiresPerSec} hires/s (${r.succeeded}/${r.hires} in ${r.seconds} s), attempts recorded ${r.attemptsRecorded}, sirh posts ${r.sirhPosts}, rss ${r.rssAfterMb} MB, cpu ${r.cpuMsPerHire} ms/hire`,
    );
    return r;
  } finally {
    await target?.stop(8000);
    await releaseSeeded(seeded);
  }
}

export async function sync(): Promise<void> {
  const runs: Record<'service' | 'baseline', SyncRun[]> = { service: [], baseline: [] };
  for (let round = 1; round <= CFG.syncRounds; round++) {
    for (const kind of ['service', 'baseline'] as const) {
      await settle(1000);
      runs[kind].push(await syncRound(kind, round));
    }
  }
  const summary: Record<string, any> = {};
  for (const kind of ['service', 'baseline'] as const) {
    summary[kind] = {
      hiresPerSec: median(runs[kind].map((r) => r.hiresPerSec)),
      seconds: median(runs[kind].map((r) => r.seconds)),
      cpuMsPerHire: median(runs[kind].map((r) => r.cpuMsPerHire)),
      pgXactsPerHire: round(median(runs[kind].map((r) => r.pgXactsPerUnit)), 2),
      redisCommandsPerHire: round(median(runs[kind].map((r) => r.redisCommandsPerUnit)), 2),
      rssPeakMb: Math.max(...runs[kind].map((r) => r.rssPeakMb)),
      allSucceeded: runs[kind].every((r) => r.complete && r.succeeded === r.hires),
    };
  }
  summary.ratio = round(summary.service.hiresPerSec / summary.baseline.hiresPerSec, 3);
  summary.everyAttemptRecorded = runs.service.every(
    (r) => r.attemptsRecorded === r.sirhPosts && r.attemptJobs === r.hires && r.attemptCountSum === r.attemptsRecorded,
  );
  results.sync = { runs, summary };
  log(`sync medians: service ${summary.service.hiresPerSec} hires/s vs baseline ${summary.baseline.hiresPerSec} = ${summary.ratio}x`);
}
