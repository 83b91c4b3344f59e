import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startApp } from './bootstrap';
import { ConfigValidationError, readProcessEnv } from './config/load-config';
import { StartupError } from './startup/startup-error';

async function main(): Promise<void> {
  const started = await startApp(readProcessEnv());
  new Logger('HireBridge').log(started.url ? `Listening on ${started.url}` : 'Worker started (no HTTP in this role)');
}

main().catch((err: unknown) => {
  // Bad configuration or an unreachable dependency gets a message an operator can act on, not a stack trace.
  if (err instanceof ConfigValidationError) console.error(err.message);
  else if (err instanceof StartupError) console.error(`HireBridge cannot start: ${err.message}`);
  else console.error('HireBridge failed to start:', err);
  process.exit(1);
});
