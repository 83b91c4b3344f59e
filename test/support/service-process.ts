import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', '..', 'src', 'main.ts');

export interface ServiceProcess {
  child: ChildProcess;
  /** Base URL, once an API role has started listening; null for a worker. */
  url: string | null;
  output(): string;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The service's real entry point (src/main.ts, compiled on the fly) in its own process, so tests
 * can send it SIGTERM or SIGKILL like an orchestrator would.
 */
export async function spawnService(env: Record<string, string>, timeoutMs = 30000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
    // LOG_LEVEL log: start-up is detected from the service's own log lines.
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'log' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const url = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      // eslint-disable-next-line no-control-regex -- stops at a terminal colour code
      const listening = /Listening on (http:\/\/[^\s\x1b"]+)/.exec(out);
      if (listening || /Worker started/.test(out)) {
        clearTimeout(timer);
        resolve(listening ? listening[1] : null);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`service exited during start:\n${out}`));
    });
  });
  return { child, url, output: () => out, exited };
}
