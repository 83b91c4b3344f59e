'use strict';
/**
 * Preloaded into the service (`node -r ./bench/lib/cpu-profile-preload.js dist/main.js`) for the
 * profiling runs: the first SIGUSR2 starts V8's CPU profiler (the one `node --cpu-prof` uses, same
 * 1 ms sampling interval and .cpuprofile format), the second writes the profile to
 * $BENCH_PROF_DIR/<label>.cpuprofile. Unlike `--cpu-prof`, which writes only at a normal exit (Nest's
 * shutdown hook re-raises SIGTERM, so it never gets one) and includes start-up, this covers exactly the
 * measured window. Touches nothing in the service.
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

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    post('Profiler.enable')
      .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
      .then(() => post('Profiler.start'))
      .then(() => fs.writeFileSync(path.join(dir, `${label}.started`), String(Date.now())))
      .catch((err) => process.stderr.write(`profiler start failed: ${err.message}\n`));
  } else {
    running = false;
    post('Profiler.stop')
      .then(({ profile }) => {
        const file = path.join(dir, `${label}.cpuprofile`);
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(profile));
        fs.renameSync(`${file}.tmp`, file);
      })
      .catch((err) => process.stderr.write(`profiler stop failed: ${err.message}\n`));
  }
});
