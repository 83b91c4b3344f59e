'use strict';
/**
 * Preloaded (`node -r`) into every node process the harness starts; plain JS because it loads before
 * any TypeScript hook. If the test or bench process dies without cleaning up (SIGKILL, a crash), its
 * children notice that they were re-parented and shut down (SIGTERM to themselves, so the service
 * closes as it would in production). One ppid read per second.
 */
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(1), 10_000).unref();
}, 1000);
timer.unref();
