/** The run's report: machine and server facts, the targets checked, bench/results/latest.{md,json}. */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { CFG, RESULTS_DIR } from './config';
import { results } from './context';
import { admin, REDIS_URL } from './lib/infra';
import { toMarkdown } from './lib/profile-summary';

export function machine() {
  const sh = (cmd: string) => {
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
    busyBeforeStartPct: null as number | null,
  };
}

export async function serverVersions(): Promise<{ postgres: string; redis: string | null }> {
  const pg = await admin((c) => c.query('SHOW server_version')).then((r) => r.rows[0].server_version as string);
  const redis = new IORedis(REDIS_URL);
  const info = await redis.info('server');
  redis.disconnect();
  return { postgres: pg, redis: /redis_version:(\S+)/.exec(info)?.[1] ?? null };
}

function check(name: string, target: string, value: string, met: unknown): void {
  results.checks.push({ name, target, value, met: Boolean(met) });
}

/** The targets of issue #10 and the README; a missed one makes `npm run bench` exit 2. */
export function evaluate(): void {
  const ing = results.ingestion?.summary;
  if (ing) {
    check('ingestion req/s vs baseline', '>= 0.9x', `${ing.ratio}x (${ing.service.rps} vs ${ing.baseline.rps} req/s)`, ing.ratio >= 0.9);
    check('ingestion p99', '< 50 ms', `${ing.service.p99} ms`, ing.service.p99 < 50);
    check('ingestion errors', '0', String(ing.service.errors), ing.service.errors === 0);
    const statuses: Array<{ status: string; n: number }> = results.ingestion.deliveryStatuses;
    const notQueued = statuses.filter((x) => x.status !== 'queued');
    check(
      'every request a new hire (none stored as duplicate)',
      'all queued',
      statuses.map((x) => `${x.status} ${x.n}`).join(', '),
      notQueued.length === 0,
    );
  }
  const mem = results.memory;
  if (mem) {
    const workerPeak = results.sync?.summary.service.rssPeakMb ?? 0;
    const allPeak = Math.max(0, ...Object.values<any>(results.latency?.deployments.all?.phases ?? {}).map((p) => p.rssPeakMb));
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
  const st = results.stalled;
  if (st) {
    check(
      `${st.uploads} stalled uploads without the token`,
      'cost < 40 KB each (their socket, not their body); every one cut off by the request time-out (+ 2 s)',
      `${st.kbPerUpload} KB each; longest ${st.lastClosedAfterMs} ms from first bytes to close (time-out ${st.requestTimeoutMs} ms); /health ${st.healthAfter}`,
      st.kbPerUpload < 40 && st.lastClosedAfterMs <= st.requestTimeoutMs + 2000 && st.healthAfter === 200,
    );
  }
  const sync = results.sync?.summary;
  if (sync) {
    check(
      'sync hires/s vs baseline worker',
      '>= 0.8x',
      `${sync.ratio}x (${sync.service.hiresPerSec} vs ${sync.baseline.hiresPerSec} hires/s)`,
      sync.ratio >= 0.8,
    );
    check(
      'every attempt recorded, every hire succeeded',
      'yes',
      `${sync.everyAttemptRecorded && sync.service.allSucceeded ? 'yes' : 'NO'}`,
      sync.everyAttemptRecorded && sync.service.allSucceeded,
    );
  }
  for (const d of Object.values<any>(results.latency?.deployments ?? {})) {
    const idle = d.phases.idle.e2eMs;
    check(`idle end-to-end p50, ${d.label}`, '< 100 ms', `${idle.p50} ms (p99 ${idle.p99} ms)`, idle.p50 < 100);
  }
}

const cpuText = (cpu: Record<string, number>) =>
  Object.entries(cpu)
    .map(([g, v]) => `${g} ${v}`)
    .join(', ');

export function markdown(): string {
  const r = results;
  const L: string[] = [];
  L.push(
    `Run ${r.machine.date}, ${CFG.quick ? 'BENCH_QUICK=1' : 'full'}; node ${r.machine.node}; ${r.machine.nproc} cores (${r.machine.cpuModel}); Postgres ${r.versions?.postgres}, Redis ${r.versions?.redis}; machine ${r.machine.busyBeforeStartPct}% busy before the start; the bench took ${r.durationSeconds} s.`,
    '',
  );
  if (r.ingestion) {
    const s = r.ingestion.summary;
    L.push(
      `### Ingestion (${CFG.connections} connections, ${CFG.ingestSeconds} s per run, ${CFG.ingestRounds} runs each, alternated; medians)`,
      '',
    );
    L.push(
      '| | req/s | p50 ms | p99 ms | errors | CPU ms/req (own process) | Postgres xacts/req | RSS after MB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const k of ['service', 'baseline'])
      L.push(
        `| ${k} | ${s[k].rps} | ${s[k].p50} | ${s[k].p99} | ${s[k].errors} | ${s[k].cpuMsPerRequest} | ${s[k].pgXactsPerRequest} | ${s[k].rssAfterMb} |`,
      );
    L.push(`| **ratio** | **${s.ratio}x** | | | | | | |`, '');
    L.push('Every run:', '', '| run | req/s | p50 | p99 | max | errors | CPU s by process group |', '|---|---:|---:|---:|---:|---:|---|');
    for (const k of ['service', 'baseline']) {
      for (const x of r.ingestion.runs[k])
        L.push(`| ${k} #${x.round} | ${x.rps} | ${x.p50} | ${x.p99} | ${x.max} | ${x.errors} | ${cpuText(x.cpuSeconds)} |`);
    }
    L.push('', `Stored deliveries by status: ${r.ingestion.deliveryStatuses.map((x: any) => `${x.status} ${x.n}`).join(', ')}.`, '');
  }
  if (r.memory) {
    const m = r.memory;
    L.push('### Memory (API process)', '');
    L.push(
      `RSS at start ${m.rssAtStartMb} MB; after the ingestion runs ${m.rssAfterIngestionMb} MB; peak under load ${m.peakUnderLoadMb} MB; after ${m.delivered} deliveries ${m.timeline.at(-1).rssMb} MB, after 15 s idle ${m.settledMb} MB (errors during the soak: ${m.soakErrors}).`,
      '',
    );
    L.push('| deliveries | RSS MB | peak MB | req/s | p99 ms |', '|---:|---:|---:|---:|---:|');
    for (const t of m.timeline) L.push(`| ${t.delivered} | ${t.rssMb} | ${t.rssPeakMb ?? ''} | ${t.rps ?? ''} | ${t.p99 ?? ''} |`);
    L.push('', `Idle after the soak, 1 s apart: ${m.idleAfterMb.join(', ')} MB.`, '');
    L.push('Full-GC probes (HeapProfiler.collectGarbage through the preload, then process.memoryUsage()):', '');
    L.push(
      '| deliveries | RSS before GC MB | RSS after GC MB | heap used before GC MB | heap used after GC MB | heap total MB | external MB |',
      '|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of m.probes)
      L.push(
        `| ${p.delivered} | ${p.rssBeforeGcMb} | ${p.rssAfterGcMb} | ${p.heapUsedBeforeGcMb} | ${p.heapUsedAfterGcMb} | ${p.heapTotalAfterGcMb} | ${p.externalAfterGcMb} |`,
      );
    L.push('');
  }
  if (r.sync) {
    const s = r.sync.summary;
    L.push(
      `### Sync throughput (${CFG.syncHires} hires, concurrency ${CFG.syncConcurrency}, ${CFG.syncRounds} runs each, alternated; medians)`,
      '',
    );
    L.push(
      '| | hires/s | seconds | CPU ms/hire (own process) | Postgres xacts/hire | RSS peak MB | all succeeded |',
      '|---|---:|---:|---:|---:|---:|---|',
    );
    for (const k of ['service', 'baseline']) {
      L.push(
        `| ${k} | ${s[k].hiresPerSec} | ${s[k].seconds} | ${s[k].cpuMsPerHire} | ${s[k].pgXactsPerHire} | ${s[k].rssPeakMb} | ${s[k].allSucceeded ? 'yes' : 'no'} |`,
      );
    }
    L.push(`| **ratio** | **${s.ratio}x** | | | | | |`, '');
    L.push(
      '| run | hires/s | succeeded | SIRH POSTs | attempts recorded | employees synced | CPU s by process group |',
      '|---|---:|---:|---:|---:|---:|---|',
    );
    for (const k of ['service', 'baseline']) {
      for (const x of r.sync.runs[k]) {
        L.push(
          `| ${k} #${x.round} | ${x.hiresPerSec} | ${x.succeeded}/${x.hires} | ${x.sirhPosts} | ${x.attemptsRecorded} | ${x.employeesSynced} | ${cpuText(x.cpuSeconds)} |`,
        );
      }
    }
    L.push('');
    for (const x of r.sync.runs.service) {
      const p = x.memoryProbe;
      if (p) {
        L.push(
          `Worker #${x.round} memory: RSS peak ${x.rssPeakMb} MB; after the run, before a full GC RSS ${p.rssBeforeGcMb} MB / heap used ${p.heapUsedBeforeGcMb} of ${p.heapTotalBeforeGcMb} MB / external ${p.externalBeforeGcMb} MB, after it RSS ${p.rssAfterGcMb} MB / heap used ${p.heapUsedAfterGcMb} of ${p.heapTotalAfterGcMb} MB / external ${p.externalAfterGcMb} MB.`,
          '',
        );
      }
    }
  }
  if (r.latency) {
    const l = r.latency;
    L.push(`### End-to-end latency (webhook sent -> SIRH answered 201; capacity ${l.capacity}/s = min(ingestion, sync))`, '');
    L.push(
      '| deployment | load | rate sent | hires | e2e p50 ms | e2e p90 ms | e2e p99 ms | max ms | webhook p50 / p99 ms | missing | CPU s by process group |',
      '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|',
    );
    for (const d of Object.values<any>(l.deployments)) {
      for (const [k, p] of Object.entries<any>(d.phases)) {
        L.push(
          `| ${d.label} | ${k} | ${p.achievedRate}/s | ${p.hires} | ${p.e2eMs.p50} | ${p.e2eMs.p90} | ${p.e2eMs.p99} | ${p.e2eMs.max} | ${p.ingestMs.p50} / ${p.ingestMs.p99} | ${p.e2eMs.missing} | ${cpuText(p.cpuSeconds)} |`,
        );
      }
    }
    L.push('');
  }
  if (r.stalled) {
    const st = r.stalled;
    L.push(
      `### Stalled uploads (${st.uploads} connections: headers and 16 KB of body without the token, then nothing; request time-out ${st.requestTimeoutMs} ms)`,
      '',
      '| all opened in | RSS before | RSS while stalled | per upload | longest from first bytes to close | RSS 3 s later | /health after |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      `| ${st.openedAfterMs} ms | ${st.rssBeforeMb} MB | ${st.rssStalledMb} MB | ${st.kbPerUpload} KB | ${st.lastClosedAfterMs} ms | ${st.rssAfterMb} MB | ${st.healthAfter} |`,
      '',
    );
  }
  L.push('### Targets', '', '| target | goal | measured | |', '|---|---|---|---|');
  for (const c of r.checks) L.push(`| ${c.name} | ${c.target} | ${c.value} | ${c.met ? 'met' : '**missed**'} |`);
  L.push('');
  if (r.profiles) {
    for (const [k, p] of Object.entries<any>(r.profiles)) L.push(toMarkdown(p.summary, `CPU profile: ${k} (${p.file})`));
  }
  return L.join('\n');
}

/** Writes latest.json (every figure) and latest.md (the tables); returns the markdown. */
export function writeReport(): string {
  const md = markdown();
  writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(RESULTS_DIR, 'latest.md'), md);
  return md;
}
