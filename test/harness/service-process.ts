import { cpSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Child, ExitStatus } from './child-process';
import { FatalWait, sleep, waitFor } from './wait';

export const ROOT = join(__dirname, '..', '..');
const MAIN_TS = join(ROOT, 'src', 'main.ts');

/** The node flags of `npm run start:prod` (heap sizes), read from package.json so a harness cannot drift from it. */
export const START_PROD_NODE_FLAGS: string[] = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts['start:prod']
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

export interface ServiceProcess {
  child: Child;
  /** Base URL, once an API role has started listening; null for a worker. */
  url: string | null;
  output(): string;
  /** Resolves with how the process ended. */
  exited: Promise<ExitStatus>;
}

/**
 * The service's real entry point (src/main.ts, compiled on the fly) in its own process, so tests
 * can send it SIGTERM or SIGKILL like an orchestrator would.
 */
export async function spawnService(env: Record<string, string>, timeoutMs = 30000): Promise<ServiceProcess> {
  const child = new Child('service', process.execPath, ['-r', '@swc-node/register', MAIN_TS], {
    // LOG_LEVEL log: start-up is detected from the service's own log lines.
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'log' },
    keepOutput: true,
  });
  // eslint-disable-next-line no-control-regex -- stops at a terminal colour code
  const ready = await child.waitForOutput(/Listening on (http:\/\/[^\s\x1b"]+)|Worker started/, timeoutMs);
  return { child, url: ready[1] ?? null, output: () => child.output(), exited: child.exited };
}

/** Newest modification time under `dir`, in ms. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * A private copy of the BUILT service (dist/) in `dir`/build, taken once dist/ is complete and has
 * not changed for 3 s: a rebuild in this clone during the run (it empties dist/ first) cannot change
 * or break the code under test. Named build/, not dist/, so a `pkill -f dist/main.js` by someone
 * testing their own copy cannot hit it. Dependencies resolve from this clone (NODE_PATH, see startBuiltService).
 */
export async function snapshotBuild(dir: string, waitMs = 180_000): Promise<string> {
  const source = join(ROOT, 'dist');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      if (existsSync(join(source, 'main.js')) && Date.now() - newest(source) > 3000) break;
    } catch {
      /* files vanished while we looked: a build is running */
    }
    if (Date.now() > deadline) throw new Error('dist/main.js is missing or still changing: run `npm run build` first');
    await sleep(500);
  }
  const build = join(dir, 'build');
  cpSync(source, build, { recursive: true });
  if (!existsSync(join(build, 'main.js'))) throw new Error('dist/ changed while it was copied: run again');
  return build;
}

export interface BuiltServiceOptions {
  /** A snapshotBuild() directory, or dist/. */
  build: string;
  env: Record<string, string>;
  name?: string;
  logPath?: string;
  /** Node flags before the start:prod ones (e.g. a bench preload). */
  nodeArgs?: string[];
}

/** The built service in `role`, as `npm run start:prod` runs it (`node <start:prod flags> <build>/main.js`). */
export function startBuiltService(role: string, options: BuiltServiceOptions): Child {
  return new Child(
    options.name ?? role,
    process.execPath,
    [...(options.nodeArgs ?? []), ...START_PROD_NODE_FLAGS, join(options.build, 'main.js')],
    {
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(ROOT, 'node_modules'), ...options.env, APP_ROLE: role },
      cwd: ROOT,
      logPath: options.logPath,
    },
  );
}

/** Resolves once `url`/health answers 200; fails at once, with its last lines, if `child` exits first. */
export async function waitUntilHealthy(child: Child, url: string, timeoutMs = 60000): Promise<void> {
  await waitFor(
    async () => {
      if (!child.running) throw new FatalWait(`${child.name} exited (${child.exitCode}) during start-up:\n${child.lastLines()}`);
      return (await fetch(`${url}/health`)).status === 200;
    },
    `${child.name} /health`,
    timeoutMs,
    100,
  ).catch((err: Error) => {
    throw err instanceof FatalWait ? err : new Error(`${err.message}\n--- last output of ${child.name} ---\n${child.lastLines()}`);
  });
}
