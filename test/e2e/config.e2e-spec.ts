import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigValidationError, loadAppEnv } from '../../src/config/load-config';

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

  it('defaults keep the third attempt within 30 s even when every attempt times out', () => {
    const env = loadAppEnv(valid);
    // attempt 1 + timeout, backoff d, attempt 2 + timeout, backoff 2d (jitter only shortens backoffs)
    const worstCase = 2 * env.SIRH_TIMEOUT_MS + env.SYNC_BACKOFF_MS * 3;
    expect(worstCase).toBeLessThan(30_000);
  });

  it('the process exits at start with a message naming the bad variable', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '../../src/main.ts')],
      { env: { PATH: process.env.PATH, ...valid, SIRH_TIMEOUT_MS: 'soon' }, encoding: 'utf8', timeout: 30000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SIRH_TIMEOUT_MS');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
