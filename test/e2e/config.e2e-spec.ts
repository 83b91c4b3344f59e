import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backoffs, MinimalJob } from 'bullmq';
import { ConfigValidationError, loadAppEnv, readEnvFile, readProcessEnv } from '../../src/config/load-config';
import { pushBackoff } from '../../src/sync/hire-sync.producer';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: 'redis://127.0.0.1:6379',
  WEBHOOK_TOKEN: 'a-long-enough-secret-token',
  SIRH_BASE_URL: 'http://127.0.0.1:4000',
  SIRH_API_KEY: 'key',
  DASHBOARD_USER: 'ops',
  DASHBOARD_PASSWORD: 'long-password',
};

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const env = loadAppEnv(valid);
    expect(env).toMatchObject({ PORT: 3000, APP_ROLE: 'all', SIRH_TIMEOUT_MS: 10000, SYNC_MAX_ATTEMPTS: 10, SYNC_BACKOFF_MS: 2000 });
  });

  it('names every bad variable at once', () => {
    const bad = { ...valid, PORT: 'eighty', APP_ROLE: 'both', SIRH_BASE_URL: 'not a url', WEBHOOK_TOKEN: 'short' };
    let error: unknown;
    try {
      loadAppEnv(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const names = (error as ConfigValidationError).problems.map((p) => p.split(':')[0]).sort();
    expect(names).toEqual(['APP_ROLE', 'PORT', 'SIRH_BASE_URL', 'WEBHOOK_TOKEN']);
  });

  it('refuses to start without dashboard credentials unless the dashboard is explicitly disabled', () => {
    const { DASHBOARD_USER: _u, DASHBOARD_PASSWORD: _p, ...rest } = valid;
    expect(() => loadAppEnv(rest)).toThrow(/DASHBOARD_USER.*[\s\S]*DASHBOARD_PASSWORD|DASHBOARD_PASSWORD[\s\S]*DASHBOARD_USER/);
    expect(loadAppEnv({ ...rest, DASHBOARD_ENABLED: 'false' }).DASHBOARD_ENABLED).toBe(false);
    expect(loadAppEnv(valid).DASHBOARD_ENABLED).toBe(true);
  });

  it('reports a missing variable by name', () => {
    const { REDIS_URL: _omit, ...rest } = valid;
    expect(() => loadAppEnv(rest)).toThrow(/REDIS_URL/);
  });

  it('defaults keep the third attempt within 30 s even when every attempt times out', async () => {
    const env = loadAppEnv(valid);
    // BullMQ's own backoff calculation on the options the producer gives it, at the top of the jitter.
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    try {
      const backoff = pushBackoff(env.SYNC_BACKOFF_MS);
      const wait = async (attemptsMade: number) =>
        (await Backoffs.calculate(backoff, attemptsMade, new Error('timed out'), {} as MinimalJob)) ?? 0;
      // attempt 1 times out, wait, attempt 2 times out, wait, then attempt 3 starts
      const thirdAttemptStartsAfter = env.SIRH_TIMEOUT_MS + (await wait(1)) + env.SIRH_TIMEOUT_MS + (await wait(2));
      expect(await wait(1)).toBeGreaterThan(0);
      expect(await wait(2)).toBeGreaterThan(await wait(1));
      expect(thirdAttemptStartsAfter).toBeLessThan(30_000);
    } finally {
      random.mockRestore();
    }
  });

  it('the process exits at start with a message naming the bad variable', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../../src/main.ts')], {
      env: { PATH: process.env.PATH, ...valid, SIRH_TIMEOUT_MS: 'soon' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SIRH_TIMEOUT_MS');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows the dashboard in Europe/Paris by default, and refuses an unknown zone in one clear line at start', () => {
    expect(loadAppEnv(valid).DISPLAY_TIMEZONE).toBe('Europe/Paris');
    expect(loadAppEnv({ ...valid, DISPLAY_TIMEZONE: 'America/Montreal' }).DISPLAY_TIMEZONE).toBe('America/Montreal');
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../../src/main.ts')], {
      env: { PATH: process.env.PATH, ...valid, DISPLAY_TIMEZONE: 'Europe/Pariss' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.includes('DISPLAY_TIMEZONE'));
    expect(lines).toEqual(['  - DISPLAY_TIMEZONE: must be an IANA time zone such as Europe/Paris or UTC, got "Europe/Pariss"']);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  const problemsOf = (env: Record<string, string | undefined>): string[] => {
    try {
      loadAppEnv(env);
    } catch (e) {
      if (e instanceof ConfigValidationError) return e.problems;
      throw e;
    }
    return [];
  };

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['Yes', true],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
  ])('reads DASHBOARD_ENABLED=%s as %s', (value, expected) => {
    expect(loadAppEnv({ ...valid, DASHBOARD_ENABLED: value }).DASHBOARD_ENABLED).toBe(expected);
  });

  it('rejects a boolean it cannot read instead of turning the dashboard off', () => {
    expect(problemsOf({ ...valid, DASHBOARD_ENABLED: 'maybe' })).toEqual([
      'DASHBOARD_ENABLED: must be true/1/yes or false/0/no (any case), got "maybe"',
    ]);
  });

  it('says "not set" for a missing variable, once, with a hint', () => {
    const { WEBHOOK_TOKEN: _t, ...rest } = valid;
    expect(problemsOf(rest)).toEqual(["WEBHOOK_TOKEN: not set (16+ characters, the secret of Flatchr's webhook URL)"]);
  });

  it('gives one message per bad variable, with the value when it is a number', () => {
    expect(problemsOf({ ...valid, PORT: 'eighty' })).toEqual(['PORT: must be a whole number, got "eighty"']);
    expect(problemsOf({ ...valid, PORT: '70000' })).toEqual(['PORT: must not be greater than 65535']);
  });

  describe('.env file', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hirebridge-env-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('fills in what the environment does not set; the environment wins', () => {
      const file = join(dir, '.env');
      writeFileSync(file, '# comment\nHIREBRIDGE_ENV_FILE_ONLY="from file" # trailing\nexport PATH=/nowhere\nEMPTY=\n');
      expect(readEnvFile(file)).toEqual({ HIREBRIDGE_ENV_FILE_ONLY: 'from file', PATH: '/nowhere', EMPTY: '' });
      const env = readProcessEnv(file);
      expect(env.HIREBRIDGE_ENV_FILE_ONLY).toBe('from file');
      expect(env.PATH).toBe(process.env.PATH);
      expect(readProcessEnv(join(dir, 'missing.env')).HIREBRIDGE_ENV_FILE_ONLY).toBeUndefined();
    });

    it('is read by the service from its working directory, without exporting anything', () => {
      const lines = Object.entries({ ...valid, SIRH_TIMEOUT_MS: 'soon' }).map(([k, v]) => `${k}=${v}`);
      writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);
      const start = (env: Record<string, string>) =>
        spawnSync(process.execPath, ['-r', require.resolve('@swc-node/register'), join(__dirname, '../../src/main.ts')], {
          cwd: dir,
          // The compiler finds the project's tsconfig from the working directory, which is not the project here.
          env: { PATH: process.env.PATH, SWC_NODE_PROJECT: join(__dirname, '../../tsconfig.json'), ...env },
          encoding: 'utf8',
          timeout: 30000,
        });
      const fromFile = start({});
      expect(fromFile.status).toBe(1);
      // Only the bad value is reported: every other variable came from the file.
      expect(fromFile.stderr.trim().split('\n').slice(1)).toEqual(['  - SIRH_TIMEOUT_MS: must be a whole number, got "soon"']);
      const overridden = start({ SIRH_TIMEOUT_MS: 'later' });
      expect(overridden.stderr).toContain('got "later"');
      expect(overridden.stderr).not.toContain('soon');
    });
  });
});
