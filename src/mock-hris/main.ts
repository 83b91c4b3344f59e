/**
 * `npm run start:mock -- --vendor lucca [--port 4100] [--host 127.0.0.1] [--set name=value]...`: one
 * vendor's mock on its own, for demos. Configured by flags only (the environment is read in one place).
 */
import { parseArgs } from 'node:util';
import { VENDOR_MOCKS } from './vendor-mocks';

function usage(): string {
  const vendors = VENDOR_MOCKS.map((m) => `  ${m.vendor}: ${m.usage}`).join('\n');
  return `usage: npm run start:mock -- --vendor <name> [--port 4100] [--host 127.0.0.1] [--set name=value]...\nvendors:\n${vendors}`;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      vendor: { type: 'string' },
      port: { type: 'string', default: '4100' },
      host: { type: 'string', default: '127.0.0.1' },
      set: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const entry = VENDOR_MOCKS.find((m) => m.vendor === values.vendor);
  if (!entry) throw new Error(`--vendor must be one of ${VENDOR_MOCKS.map((m) => m.vendor).join(', ')}\n${usage()}`);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
  const extra: Record<string, string> = {};
  for (const pair of values.set) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--set takes name=value, not "${pair}"`);
    extra[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const mock = await entry.start({ host: values.host, port, extra });
  process.stdout.write(`${entry.vendor} mock listening on ${mock.url}\n${mock.banner}\n`);
  const shutdown = () => void mock.close().then(() => process.exit(0));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`start:mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
