import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone: the expected case
    }
  }
});

/**
 * `npm run start:mock-sirh`'s own command line, run by `sh -c` as npm runs it, on the TypeScript source
 * (no build needed) and a free port. npm forwards SIGTERM/SIGINT to that shell only.
 */
function startAsNpmDoes(extraArgs: string): { shell: ChildProcess; listening: Promise<string>; output: () => string } {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[
    'start:mock-sirh'
  ];
  const command = `${script.replace('node dist/mock-sirh/main.js', 'node -r @swc-node/register src/mock-sirh/main.ts')} ${extraArgs}`;
  // Its own process group, so afterEach can remove whatever is left even when the test fails.
  const shell = spawn('sh', ['-c', command], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(shell);
  let out = '';
  const listening = new Promise<string>((resolve, reject) => {
    shell.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    shell.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    shell.once('exit', () => reject(new Error(`mock SIRH exited before listening:\n${out}`)));
  });
  return { shell, listening, output: () => out };
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve({ code: child.exitCode, signal: child.signalCode })
      : child.once('exit', (code, signal) => resolve({ code, signal })),
  );

async function waitFor(check: () => boolean, describe: () => string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`);
    return false;
  } catch {
    return true;
  }
}

describe('mock SIRH process (npm run start:mock-sirh)', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s to what npm started stops the mock itself', async (signal) => {
    const mock = startAsNpmDoes('--port 0');
    const url = await mock.listening;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    mock.shell.kill(signal);
    expect(await exited(mock.shell)).toEqual({ code: 0, signal: null });
    expect(await refused(url)).toBe(true);
  });

  it('takes faults from flags, then from POST /__faults', async () => {
    const mock = startAsNpmDoes("--port 0 --fault 503 --fault '429:2'");
    try {
      const url = await mock.listening;
      const auth = { authorization: 'Bearer dev-sirh-key', 'content-type': 'application/json' };
      const create = () =>
        fetch(`${url}/employees`, {
          method: 'POST',
          headers: { ...auth, 'idempotency-key': 'k1' },
          body: JSON.stringify({
            externalId: 'x:1',
            firstName: 'A',
            lastName: 'B',
            email: null,
            phone: null,
            contractType: null,
            startDate: null,
          }),
        });
      expect((await create()).status).toBe(503);
      const limited = await create();
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
      expect((await create()).status).toBe(201);

      const set = await fetch(`${url}/__faults`, { method: 'POST', headers: auth, body: JSON.stringify({ faults: '502' }) });
      expect(set.status).toBe(200);
      expect((await create()).status).toBe(502);
      // The log line travels through a pipe: it may arrive after the answer.
      await waitFor(
        () => /POST \/employees 502 \(fault\)/.test(mock.output()),
        () => mock.output(),
      );
    } finally {
      mock.shell.kill('SIGTERM');
      await exited(mock.shell);
    }
  });
});
