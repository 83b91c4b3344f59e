/** /proc readings (RSS, CPU time of a process, of process groups, of the machine), percentiles and rounding. */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { STAMP } from './infra';

/** Wall-clock milliseconds with sub-ms precision; comparable between processes of this machine. */
export const nowMs = () => performance.timeOrigin + performance.now();

const CLK_TCK = 100; // USER_HZ on Linux

function readProc(pid: number | string, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** Resident set size in MB (VmRSS), or null when the process is gone. */
export function rssMb(pid: number): number | null {
  const status = readProc(pid, 'status');
  const m = status && /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : null;
}

/** CPU seconds (user + system) used so far by one process. */
export function cpuSeconds(pid: number): number | null {
  const stat = readProc(pid, 'stat');
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + v[4];
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

export interface CpuSnapshot {
  byPid: Map<string, { group: string; cpu: number }>;
  named: Record<string, number>;
  machine: { busy: number; total: number };
}

/**
 * CPU seconds per process group, to show where the cores went during a run: the named children,
 * the Postgres backends of this run's own databases (their process title names the database; another
 * bench run's count as "other"), the
 * shared Postgres processes (WAL writer, checkpointer...), redis-server, this bench process (the load
 * generator), and everything else on the machine ("other": someone else's tests would show here).
 */
export function cpuSnapshot(named: Record<string, number>, dbMarker = `hirebridge_bench_${STAMP}_`): CpuSnapshot {
  const snap: CpuSnapshot = { byPid: new Map(), named, machine: machineCpu() };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(entry, 'stat');
    if (!stat) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    let group: string | null = null;
    if (Number(entry) === process.pid) group = 'bench (load generator)';
    else if (comm === 'postgres') {
      const cmd = (readProc(entry, 'cmdline') ?? '').replace(/\0/g, ' ');
      if (cmd.includes(dbMarker)) group = 'postgres';
      else if (
        /^postgres: \S+: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher)/.test(cmd) ||
        cmd.startsWith('/')
      ) {
        group = 'postgres (shared)';
      } else continue; // another database's backend: counted in "other"
    } else if (comm.startsWith('redis-server')) group = 'redis';
    else {
      for (const [label, pid] of Object.entries(named)) if (pid === Number(entry)) group = label;
    }
    if (!group) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    snap.byPid.set(entry, { group, cpu: (Number(fields[11]) + Number(fields[12])) / CLK_TCK });
  }
  return snap;
}

/** CPU seconds used per group between two snapshots (processes born in between count from 0). */
export function cpuDiff(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  let sum = 0;
  for (const [pid, { group, cpu }] of after.byPid) {
    const prev = before.byPid.get(pid);
    const used = Math.max(0, cpu - (prev && prev.group === group ? prev.cpu : 0));
    out[group] = (out[group] ?? 0) + used;
    sum += used;
  }
  out.other = Math.max(0, after.machine.busy - before.machine.busy - sum);
  out['machine idle'] = Math.max(0, after.machine.total - before.machine.total - (after.machine.busy - before.machine.busy));
  for (const k of Object.keys(out)) out[k] = round(out[k], 2) as number;
  return out;
}

/** Samples a process's RSS every `everyMs` until stop() is called. */
export function rssSampler(pid: number, everyMs = 250): { stop(): { peak: number | null; samples: number[] } } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v !== null) samples.push(v);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { peak: samples.length ? Math.max(...samples) : rssMb(pid), samples };
    },
  };
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export function median(values: Array<number | null | undefined>): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function round(x: number | null | undefined, digits = 1): number | null {
  if (x === null || x === undefined || Number.isNaN(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
