'use strict';
/**
 * Preloaded into the service (`node -r ./bench/lib/cpu-profile-preload.js dist/main.js`) for the
 * profiling runs: starts V8's CPU profiler (the one `node --cpu-prof` uses, same 1 ms sampling
 * interval and .cpuprofile format) when $BENCH_PROF_DIR/<label>.start appears, and writes
 * $BENCH_PROF_DIR/<label>.cpuprofile when <label>.stop appears. Unlike `--cpu-prof`, which writes only
 * at a normal exit (Nest's shutdown hook re-raises SIGTERM, so it never gets one) and includes
 * start-up, this covers exactly the measured window. <label>.memprobe asks for a full GC and writes
 * process.memoryUsage() before and after it to <label>.mem.json (the leak check). Touches nothing in
 * the service; between requests it costs one stat() every 100 ms. Plain JS: it is loaded with `node -r`
 * into built processes that have no TypeScript hook.
 */
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.BENCH_PROF_DIR;
const label = process.env.BENCH_PROF_LABEL || `service-${process.pid}`;
const session = new inspector.Session();
session.connect();
let running = false;

const post = (method, params = {}) =>
  new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

/**
 * Controlled by files, not signals: Nest's enableShutdownHooks() treats SIGUSR2 (and most others) as
 * "shut down". The bench creates <label>.start, then <label>.stop; one stat per 100 ms otherwise.
 */
const startFile = path.join(dir, `${label}.start`);
const stopFile = path.join(dir, `${label}.stop`);
const memFile = path.join(dir, `${label}.memprobe`);
let probing = false;
const timer = setInterval(() => {
  if (!probing && fs.existsSync(memFile)) {
    // Memory probe: a full GC, then process.memoryUsage(): what is really retained, not what V8 has yet to collect.
    fs.rmSync(memFile, { force: true });
    probing = true;
    const before = process.memoryUsage();
    post('HeapProfiler.enable')
      .then(() => post('HeapProfiler.collectGarbage'))
      .then(() => new Promise((r) => setTimeout(r, 200)))
      .then(() => post('HeapProfiler.collectGarbage'))
      .then(() => {
        const out = path.join(dir, `${label}.mem.json`);
        fs.writeFileSync(`${out}.tmp`, JSON.stringify({ before, after: process.memoryUsage() }));
        fs.renameSync(`${out}.tmp`, out);
      })
      .catch((err) => process.stderr.write(`memory probe failed: ${err.message}\n`))
      .finally(() => (probing = false));
  }
  if (!running && fs.existsSync(startFile)) {
    fs.rmSync(startFile, { force: true });
    running = true;
    post('Profiler.enable')
      .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
      .then(() => post('Profiler.start'))
      .then(() => fs.writeFileSync(path.join(dir, `${label}.started`), String(Date.now())))
      .catch((err) => process.stderr.write(`profiler start failed: ${err.message}\n`));
  } else if (running && fs.existsSync(stopFile)) {
    fs.rmSync(stopFile, { force: true });
    running = false;
    post('Profiler.stop')
      .then(({ profile }) => {
        const file = path.join(dir, `${label}.cpuprofile`);
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(profile));
        fs.renameSync(`${file}.tmp`, file);
      })
      .catch((err) => process.stderr.write(`profiler stop failed: ${err.message}\n`));
  }
}, 100);
timer.unref();
