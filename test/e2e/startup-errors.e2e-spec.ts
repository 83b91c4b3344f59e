import { spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, uniqueName } from '../harness/database';
import { freePort } from '../harness/free-port';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from '../harness/local-services';

const MAIN = join(__dirname, '..', '..', 'src', 'main.ts');

const base = {
  REDIS_URL: TEST_REDIS_URL,
  WEBHOOK_TOKEN: 'a-long-enough-secret-token',
  SIRH_BASE_URL: 'http://127.0.0.1:9',
  SIRH_API_KEY: 'key',
  DASHBOARD_USER: 'ops',
  DASHBOARD_PASSWORD: 'long-password',
  HOST: '127.0.0.1',
  PORT: '0',
};

/** Starts the real entry point and resolves once it exits: these starts must all fail. */
function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
      env: { PATH: process.env.PATH ?? '', ...base, QUEUE_PREFIX: uniqueName('startup'), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

function withDatabase(name: string, user?: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  if (user) url.username = user;
  return url.toString();
}

/** Exactly one line, the expected one, and no stack trace. */
function expectOneLine(result: { code: number | null; stderr: string }, expected: RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(expected);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('start-up failures: one line with a hint, no stack', () => {
  it('Postgres not answering names the host and port', async () => {
    const port = await freePort();
    const result = await startExpectingFailure({ DATABASE_URL: `postgres://hirebridge:secret-pw@127.0.0.1:${port}/hirebridge` });
    expectOneLine(result, new RegExp(`^HireBridge cannot start: Postgres is not answering at 127\\.0\\.0\\.1:${port} .*DATABASE_URL`));
    expect(result.stderr).not.toContain('secret-pw');
  });

  it('a missing database says how to create it', async () => {
    const name = uniqueName('hirebridge_missing');
    const result = await startExpectingFailure({ DATABASE_URL: withDatabase(name) });
    expectOneLine(result, new RegExp(`database "${name}" does not exist .*npm run db:create.*createdb`));
  });

  it('a missing role says how to create it', async () => {
    const result = await startExpectingFailure({ DATABASE_URL: withDatabase('postgres', 'hirebridge_no_such_role') });
    expectOneLine(result, /role "hirebridge_no_such_role".*npm run db:create/);
  });

  describe('with a database', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let taken: Server;
    beforeAll(async () => {
      db = await createTestDatabase();
      taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => taken.close(resolve));
      await db.drop();
    });

    it('a port already in use is named, and the process exits', async () => {
      const { port } = taken.address() as { port: number };
      const result = await startExpectingFailure({ DATABASE_URL: db.url, PORT: String(port) });
      expectOneLine(result, new RegExp(`^HireBridge cannot start: port ${port} on 127\\.0\\.0\\.1 is already in use.*PORT`));
    });
  });
});
