'use strict';
/**
 * Small helpers for the benchmark: child processes (tracked so that every one is stopped, also on
 * failure), /proc readings (RSS, CPU time), percentiles, free ports, bounded polling.
 */
const fs = require('node:fs');
const net = require('node:net');
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');

/** Wall-clock milliseconds with sub-ms precision; comparable between processes of this machine. */
const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CLK_TCK = 100; // USER_HZ on Linux

process.stderr.on('error', () => undefined); // a closed pipe must not stop the cleanup

function log(...args) {
  const t = new Date().toISOString().slice(11, 19);
  try {
    process.stderr.write(`[bench ${t}] ${args.join(' ')}\n`);
  } catch {
    /* nowhere to write */
  }
}

/** Thrown by a waitFor() check to stop waiting at once (e.g. the process waited for has died). */
class FatalWait extends Error {}

/** Every child this process started, so cleanup() can stop them by pid. */
const children = new Set();

/**
 * Starts a child; resolves once `readyLine` (a RegExp) appears on its stdout, or at once when none
 * is given. Keeps the last lines of its output for error messages.
 */
function startChild(name, command, args, { env, cwd, readyLine, readyTimeoutMs = 30000 } = {}) {
  // Node children also stop by themselves should the bench die without cleaning up.
  const argv = command === process.execPath ? ['-r', require.resolve('./exit-with-parent'), ...args] : args;
  const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const keep = (buf) => {
    for (const line of buf.toString().split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  const handle = { name, child, pid: child.pid, tail, exited: false, exitCode: null };
  children.add(handle);
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) =>
    child.once('close', (code, signal) => {
      handle.exited = true;
      handle.exitCode = code ?? signal;
      children.delete(handle);
      resolve();
    }),
  );
  handle.exitedPromise = exited;
  if (!readyLine) return Promise.resolve(handle);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    const onData = (buf) => {
      const m = readyLine.exec(buf.toString());
      if (m) {
        cleanupListeners();
        handle.ready = m;
        resolve(handle);
      }
    };
    const onExit = () => fail(new Error(`${name} exited (${handle.exitCode}) before being ready`));
    const fail = (err) => {
      cleanupListeners();
      err.message += `\n--- last output of ${name} ---\n${tail.join('\n')}`;
      reject(err);
    };
    const cleanupListeners = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; only this child, by its pid. */
async function stopChild(handle, graceMs = 8000) {
  if (!handle || handle.exited) return;
  try {
    handle.child.kill('SIGTERM');
  } catch {
    /* already gone */
  }
  const done = await Promise.race([handle.exitedPromise.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    log(`${handle.name} (pid ${handle.pid}) ignored SIGTERM for ${graceMs} ms: SIGKILL`);
    try {
      handle.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
    await Promise.race([handle.exitedPromise, sleep(3000)]);
  }
}

async function stopAllChildren() {
  await Promise.all([...children].map((h) => stopChild(h, 5000)));
}

function readProc(pid, file) {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** Resident set size in MB (VmRSS), or null when the process is gone. */
function rssMb(pid) {
  const status = readProc(pid, 'status');
  const m = status && /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : null;
}

/** CPU seconds (user + system) used so far by one process. */
function cpuSeconds(pid) {
  const stat = readProc(pid, 'stat');
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineCpu() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + v[4];
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

/**
 * CPU seconds per process group, to show where the cores went during a run: the named children,
 * the Postgres backends of the bench's own databases (their process title names the database), the
 * shared Postgres processes (WAL writer, checkpointer...), redis-server, this bench process (the load
 * generator), and everything else on the machine ("other": someone else's tests would show here).
 */
function cpuSnapshot(named, dbMarker = 'hirebridge_bench_') {
  const snap = { byPid: new Map(), named, machine: machineCpu() };
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(entry, 'stat');
    if (!stat) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    let group = null;
    if (Number(entry) === process.pid) group = 'bench (load generator)';
    else if (comm === 'postgres') {
      const cmd = (readProc(entry, 'cmdline') ?? '').replace(/\0/g, ' ');
      if (cmd.includes(dbMarker)) group = 'postgres';
      else if (/^postgres: \S+: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher)/.test(cmd) || cmd.startsWith('/')) {
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
function cpuDiff(before, after) {
  const out = {};
  let sum = 0;
  for (const [pid, { group, cpu }] of after.byPid) {
    const prev = before.byPid.get(pid);
    const used = Math.max(0, cpu - (prev && prev.group === group ? prev.cpu : 0));
    out[group] = (out[group] ?? 0) + used;
    sum += used;
  }
  out.other = Math.max(0, after.machine.busy - before.machine.busy - sum);
  out['machine idle'] = Math.max(0, after.machine.total - before.machine.total - (after.machine.busy - before.machine.busy));
  for (const k of Object.keys(out)) out[k] = round(out[k], 2);
  return out;
}

/** Samples a process's RSS every `everyMs` until stop() is called. */
function rssSampler(pid, everyMs = 250) {
  const samples = [];
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

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function round(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` every `everyMs` until it returns a truthy value; throws after `timeoutMs`. */
async function waitFor(check, what, timeoutMs = 30000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch((err) => {
      if (err instanceof FatalWait) throw err;
      return null;
    });
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The bench only ever talks to this machine. */
function assertLoopback(urlText, what) {
  const host = new URL(urlText).hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\./.test(host))) {
    throw new Error(`${what} must point at this machine (127.0.0.1/localhost), got ${host}`);
  }
}

module.exports = {
  FatalWait,
  nowMs,
  sleep,
  log,
  startChild,
  stopChild,
  stopAllChildren,
  rssMb,
  cpuSeconds,
  machineCpu,
  cpuSnapshot,
  cpuDiff,
  rssSampler,
  percentile,
  median,
  round,
  freePort,
  waitFor,
  assertLoopback,
};
