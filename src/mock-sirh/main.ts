/**
 * Entry of the "mock SIRH" compose service: `node dist/mock-sirh/main.js --port 4000 --api-key <key>`.
 * Configured by flags only (the project reads the environment in one place, and not here).
 */
import { CliArgsError, parseCliArgs, USAGE } from './cli-args';
import { startMockSirh } from './mock-sirh.server';

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let options;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliArgsError)) throw error;
    process.stderr.write(`mock-sirh: ${error.message}\n${USAGE}\n`);
    process.exit(1);
  }

  const sirh = await startMockSirh({ ...options, logRequests: true });
  const port = new URL(sirh.url).port;
  process.stdout.write(`mock SIRH listening on ${options.host}:${port} (POST/GET /employees, GET /health, faults: /__faults)\n`);

  // PID 1 in a container gets no default signal handling: without these, `docker compose down` waits for a kill.
  // SIGHUP: the terminal that started `npm run start:mock-sirh &` was closed.
  const shutdown = (signal: NodeJS.Signals) => {
    process.stdout.write(`mock SIRH: ${signal}, closing\n`);
    void sirh.close().then(() => process.exit(0));
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`mock-sirh: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
