import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartedApp, startApp } from '../../src/bootstrap';
import { readEnvFile } from '../../src/config/load-config';
import { MockSirh, startMockSirh } from '../../src/mock-sirh/mock-sirh.server';
import { createTestDatabase, uniqueName } from '../harness/database';
import { TEST_REDIS_URL } from '../harness/local-services';
import { deleteQueueKeys } from '../harness/queue-keys';

const ROOT = join(__dirname, '..', '..');
const DOCS = ['README.md', 'docs/sirh-contract.md'];
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The ```bash blocks of a Markdown file, continuation lines joined. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, ''));
}

interface CurlStep {
  command: string;
  /** The `# …` lines under it: what it prints, `…` standing for anything. */
  expected: string[];
}

function curlSteps(markdown: string): CurlStep[] {
  const steps: CurlStep[] = [];
  for (const block of shellBlocks(markdown)) {
    for (const line of block.split('\n')) {
      if (line.startsWith('curl ')) steps.push({ command: line.replace(/\s+#\s.*$/, ''), expected: [] });
      else if (line.startsWith('# ') && steps.length > 0) steps[steps.length - 1].expected.push(line.slice(2));
    }
  }
  return steps;
}

/** `…` in a documented output stands for anything; the other pieces must appear, in order. */
function expectMatches(output: string, expected: string): void {
  let from = 0;
  for (const piece of expected.split('…')) {
    const at = output.indexOf(piece, from);
    if (at === -1) throw new Error(`expected ${JSON.stringify(expected)} in:\n${output}`);
    from = at + piece.length;
  }
}

describe('the README and docs commands', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it.each(DOCS)('%s names only npm scripts that exist', (file) => {
    const named = [...read(file).matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });

  it('the README names only files that exist', () => {
    const linked = [...read('README.md').matchAll(/\]\(((?:docs|test|src)\/[^)#\s]+|[A-Z]+\.md)\)/g)].map((m) => m[1]);
    const mentioned = [...read('README.md').matchAll(/`((?:src|test|docs)\/[\w./-]+\.\w+)`/g)].map((m) => m[1]);
    const missing = [...linked, ...mentioned].filter((path) => {
      try {
        readFileSync(join(ROOT, path));
        return false;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });

  describe('curl commands, against the service configured by .env.example', () => {
    let app: StartedApp;
    let sirh: MockSirh;
    let dropDatabase: () => Promise<void>;
    let prefix: string;
    beforeAll(async () => {
      const example = readEnvFile(join(ROOT, '.env.example'));
      sirh = await startMockSirh({ apiKey: example.SIRH_API_KEY! });
      const database = await createTestDatabase();
      dropDatabase = database.drop;
      prefix = uniqueName('hbreadme');
      // .env.example as a newcomer copies it; only where things run differs (throwaway database, free ports).
      app = await startApp({
        ...example,
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        PORT: '0',
        HOST: '127.0.0.1',
        SIRH_BASE_URL: sirh.url,
        LOG_LEVEL: 'silent',
      });
    });
    afterAll(async () => {
      await app?.close();
      await sirh?.close();
      await dropDatabase?.();
      await deleteQueueKeys(prefix);
    });

    /** Runs a documented command with curl, localhost:3000 and :4000 pointing at this test's service and mock. */
    async function run(command: string): Promise<{ output: string; status: number }> {
      const local = command
        .replaceAll('http://localhost:3000', app.url!)
        .replaceAll('http://localhost:4000', sirh.url)
        // The documented command, plus the HTTP status on a line of its own for the assertion.
        .concat(` -w '\\n%{http_code}'`);
      // Asynchronous: the service answering it runs in this very process.
      const { stdout: output } = await promisify(execFile)('sh', ['-c', local], { cwd: ROOT, encoding: 'utf8', timeout: 20000 });
      const status = Number(output.trim().split('\n').pop());
      return { output, status };
    }

    it('README: send a hire, find the employee in the mock SIRH, see the job succeeded', async () => {
      const steps = curlSteps(read('README.md'));
      expect(steps.map((s) => s.command.match(/https?:\/\/[^'\s]+/)?.[0])).toEqual([
        'http://localhost:3000/webhooks/flatchr?token=change-me-to-a-long-random-token',
        'http://localhost:4000/employees?externalId=flatchr:60:1260',
        'http://localhost:3000/api/sync-jobs?status=succeeded',
      ]);
      for (const [i, step] of steps.entries()) {
        // The README's reader waits a moment for the sync; the test waits for the mock to have the employee.
        if (i === 1) await waitUntil(() => sirh.employees().length > 0);
        const { output, status } = await run(step.command);
        expect(status).toBeLessThan(400);
        for (const line of step.expected) expectMatches(output, line);
      }
    });

    it('docs/sirh-contract.md: the fault control commands answer 200', async () => {
      const steps = curlSteps(read('docs/sirh-contract.md'));
      expect(steps.length).toBeGreaterThanOrEqual(5);
      for (const step of steps) expect([step.command, (await run(step.command)).status]).toEqual([step.command, 200]);
      // The last one cleared what the others set.
      const inForce = (await (await fetch(`${sirh.url}/__faults`, { headers: { authorization: 'Bearer dev-sirh-key' } })).json()) as {
        queued: unknown[];
      };
      expect(inForce.queued).toEqual([]);
    });
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
