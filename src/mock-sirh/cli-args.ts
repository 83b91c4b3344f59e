/** Command-line flags of `node dist/mock-sirh/main.js`; parsed by hand to keep the mock dependency-free. */
export interface CliOptions {
  port: number;
  host: string;
  apiKey: string;
}

export const USAGE = 'usage: node dist/mock-sirh/main.js --api-key <key> [--port 4000] [--host 0.0.0.0]';

export class CliArgsError extends Error {}

const FLAGS = ['--port', '--host', '--api-key'] as const;
type Flag = (typeof FLAGS)[number];

/** Accepts `--flag value` and `--flag=value`; the last occurrence wins. Throws CliArgsError with a readable message. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!(FLAGS as readonly string[]).includes(name)) throw new CliArgsError(`unknown argument ${arg}`);
    let value: string | undefined;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[i + 1];
      // `--api-key --port 4000` means the key was forgotten, not that it is "--port".
      if (value === undefined || value.startsWith('--')) throw new CliArgsError(`${name} needs a value`);
      i++;
    }
    values.set(name as Flag, value);
  }

  const apiKey = values.get('--api-key');
  if (apiKey === undefined) throw new CliArgsError('missing required flag --api-key');
  if (apiKey.trim() === '') throw new CliArgsError('--api-key must not be empty');

  const portText = values.get('--port') ?? '4000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new CliArgsError(`--port must be an integer from 0 to 65535, got "${portText}"`);
  }

  // 0.0.0.0 by default: this entry runs in a container and must be reachable from the app's container.
  const host = values.get('--host') ?? '0.0.0.0';
  if (host === '') throw new CliArgsError('--host must not be empty');

  return { port, host, apiKey };
}
