/** Progress lines on stderr, stamped with the seconds since the run started; the final table goes to stdout. */
const startedAt = Date.now();

export function secondsSinceStart(at = Date.now()): string {
  return ((at - startedAt) / 1000).toFixed(1);
}

export function log(message: string): void {
  process.stderr.write(`[faults +${secondsSinceStart().padStart(6)}s] ${message}\n`);
}
