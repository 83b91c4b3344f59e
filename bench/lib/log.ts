// A closed pipe must not stop the cleanup.
process.stderr.on('error', () => undefined);

/** Progress lines on stderr, stamped with the time of day; the report goes to stdout. */
export function log(...args: unknown[]): void {
  const t = new Date().toISOString().slice(11, 19);
  try {
    process.stderr.write(`[bench ${t}] ${args.join(' ')}\n`);
  } catch {
    /* nowhere to write */
  }
}
