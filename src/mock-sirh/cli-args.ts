/** Command-line flags of `node dist/mock-sirh/main.js`; parsed by hand to keep the mock dependency-free. */
import { FAULT_SPEC_HELP, FaultSpecError, parseFaultSpec } from './fault-spec';
import { Fault } from './mock-sirh.types';

export interface CliOptions {
  port: number;
  host: string;
  apiKey: string;
  /** One-shot faults for the first POST /employees, in order (`--fault`, repeatable). */
  faults: Fault[];
  /** Applied to every POST /employees after the one-shot faults (`--fault-mode`). */
  faultMode: Fault | null;
  /** Share of POST /employees answered 503 at random (`--fail-rate`). */
  failRate: number;
}

export const USAGE = [
  'usage: node dist/mock-sirh/main.js --api-key <key> [--port 4000] [--host 0.0.0.0]',
  '         [--fault SPEC]... [--fault-mode SPEC] [--fail-rate 0..1]',
  `  SPEC: ${FAULT_SPEC_HELP}`,
  '  Faults apply to POST /employees; change them while running with POST/DELETE /__faults (docs/sirh-contract.md).',
].join('\n');

export class CliArgsError extends Error {}

const FLAGS = ['--port', '--host', '--api-key', '--fault', '--fault-mode', '--fail-rate'] as const;
type Flag = (typeof FLAGS)[number];

/**
 * Accepts `--flag value` and `--flag=value`; the last occurrence wins, except `--fault`, which adds up.
 * Throws CliArgsError with a readable message.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const values = new Map<Flag, string>();
  const faultSpecs: string[] = [];
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
    if (name === '--fault') faultSpecs.push(value);
    else values.set(name as Flag, value);
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

  const rateText = values.get('--fail-rate') ?? '0';
  const failRate = Number(rateText);
  if (rateText.trim() === '' || !(failRate >= 0 && failRate <= 1)) {
    throw new CliArgsError(`--fail-rate must be a number from 0 to 1, got "${rateText}"`);
  }

  try {
    const faults = faultSpecs.flatMap(parseFaultSpec);
    const modeSpec = values.get('--fault-mode');
    const modeList = modeSpec === undefined ? [] : parseFaultSpec(modeSpec);
    if (modeList.length > 1) throw new CliArgsError('--fault-mode takes one fault, not a count');
    return { port, host, apiKey, faults, faultMode: modeList[0] ?? null, failRate };
  } catch (err) {
    if (err instanceof FaultSpecError) throw new CliArgsError(err.message);
    throw err;
  }
}
