/**
 * `npm run bench`: measures the BUILT service (node dist/main.js, started as in production) against
 * minimal baselines on the same Postgres and Redis, on this machine. The phases, in this order:
 *
 *   phases/ingestion.ts  the API against the baseline receiver (autocannon)
 *   phases/memory.ts     the same API process fed up to 100,000 deliveries, with full-GC probes
 *   phases/sync.ts       the worker against the baseline worker, draining 20,000 stored hires
 *   phases/latency.ts    webhook -> SIRH latency, idle and under load, split and all-in-one
 *   phases/stalled.ts    thousands of uploads that stall without the token: memory and cut-off
 *   phases/profiles.ts   (BENCH_PROFILE=1) CPU profiles of both sides under load
 *
 * then report.ts checks the targets and writes bench/results/latest.{md,json}. Knobs: see BENCHMARKS.md.
 * Everything it creates (processes, databases, Redis keys) is removed at the end, also on failure.
 * Exit code: 0 every target met, 2 a target missed, 1 the run broke, 3 over its time limit.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stopAllChildren } from '../test/harness/child-process';
import { sleep } from '../test/harness/wait';
import { CFG, PROFILE_DIR, RESULTS_DIR } from './config';
import { results, state } from './context';
import * as infra from './lib/infra';
import { log } from './lib/log';
import { machineCpu, round } from './lib/measure';
import { startFakeSirh } from './lib/processes';
import { ingestion } from './phases/ingestion';
import { latency } from './phases/latency';
import { memory } from './phases/memory';
import { profiles } from './phases/profiles';
import { stalled } from './phases/stalled';
import { sync } from './phases/sync';
import { evaluate, machine, serverVersions, writeReport } from './report';

async function cleanup(): Promise<void> {
  for (const c of state.cannons) c.stop();
  for (const c of state.clients) await c.end().catch(() => undefined);
  await stopAllChildren();
  await infra.cleanup();
}

/** Someone else's test run on the same two cores would skew every figure: waits (bounded) for a quiet machine. */
async function waitForQuietMachine(): Promise<void> {
  const waitUntil = Date.now() + CFG.quietWaitSeconds * 1000;
  for (;;) {
    const m0 = machineCpu();
    await sleep(3000);
    const m1 = machineCpu();
    results.machine.busyBeforeStartPct = round((100 * (m1.busy - m0.busy)) / (m1.total - m0.total), 0);
    if (results.machine.busyBeforeStartPct < 20 || Date.now() > waitUntil) break;
    log(`machine ${results.machine.busyBeforeStartPct}% busy (someone else's work): waiting for it to calm down`);
  }
  log(
    `machine ${results.machine.busyBeforeStartPct}% busy in the 3 s before the run (the "other" CPU column shows any later interference)`,
  );
}

async function main() {
  const started = Date.now();
  mkdirSync(PROFILE_DIR, { recursive: true });
  const snapshot = await infra.snapshotDist(RESULTS_DIR);
  log(
    `service under test: ${relative(infra.ROOT, join(snapshot, 'main.js'))} (a copy of dist/ taken now, so a rebuild by someone else cannot change it mid-run)`,
  );
  const deadline = setTimeout(() => {
    log(`over ${CFG.deadlineMinutes} minutes: stopping`);
    void cleanup().finally(() => process.exit(3));
  }, CFG.deadlineMinutes * 60000);
  deadline.unref();

  await infra.sweepStale(RESULTS_DIR);
  results.machine = machine();
  results.versions = await serverVersions();
  await waitForQuietMachine();
  log(`config: ${JSON.stringify(CFG)}`);

  state.template = await infra.createDatabase('template');
  const applied = await infra.migrate(state.template.url);
  log(`template database migrated (${applied.join(', ')})`);
  await startFakeSirh();

  if (CFG.only.includes('ingestion')) await memory(await ingestion());
  if (CFG.only.includes('sync')) await sync();
  if (CFG.only.includes('latency')) await latency();
  if (CFG.only.includes('stalled')) await stalled();
  if (CFG.profile) await profiles();

  evaluate();
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  const md = writeReport();
  process.stdout.write(`\n${md}\n\n(bench took ${results.durationSeconds} s; bench/results/latest.{md,json})\n`);
  return results.checks.filter((c) => !c.met);
}

let exiting = false;
for (const ev of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(ev, (err: any) => {
    log(`${ev}: ${err?.stack ?? err}`);
    if (exiting) return;
    exiting = true;
    void cleanup().finally(() => process.exit(1));
  });
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    if (exiting) return;
    exiting = true;
    log(`${sig}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async (missed) => {
    await cleanup();
    // A missed target is a failed run (exit 2; 1 is a run that broke): scripts and people see it without reading the table.
    if (missed.length > 0) log(`${missed.length} target(s) missed: ${missed.map((c) => c.name).join('; ')}`);
    process.exit(missed.length > 0 ? 2 : 0);
  })
  .catch(async (err) => {
    log(`FAILED: ${err.stack ?? err}`);
    await cleanup();
    process.exit(1);
  });
