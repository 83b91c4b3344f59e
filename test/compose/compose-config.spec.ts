/**
 * docker-compose.yml as Compose resolves it after the README's `cp .env.example .env`, offline (no engine needed):
 * every variable of .env.example reaches HireBridge, the in-network addresses cannot be overridden from .env or the
 * shell, ports stay on 127.0.0.1, healthchecks and start order, one image, restart policies.
 * Needs Compose: `docker compose` (v2) or `docker-compose` (v1, Debian's docker-compose package).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const REPO = join(__dirname, '..', '..');

type Service = {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  command?: string[];
  environment?: Record<string, string | null>;
  ports?: Array<string | { host_ip?: string; target: number; published?: string | number }>;
  healthcheck?: { test: string[] | string; start_period?: string };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
};
type ComposeConfig = { services: Record<string, Service> };

/** `docker compose config` (v2, JSON) or `docker-compose config` (v1, YAML), whichever this machine has. */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  throw new Error('this test needs Compose: `docker compose` (v2) or `docker-compose` (Debian: apt-get install docker-compose)');
}

/** Environment keys of an env file, in order, with their values (no interpolation: .env.example has none). */
function envFileEntries(text: string): Array<[string, string]> {
  return text
    .split('\n')
    .filter((line) => /^[A-Z0-9_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
}

describe('docker-compose.yml resolved with .env copied from .env.example', () => {
  const [bin, ...prefix] = composeCommand();
  const envExample = readFileSync(join(REPO, '.env.example'), 'utf8');
  let dir: string;

  /** Resolved config of a copy of the project's compose file, with `.env` and extra shell variables. */
  function resolve(dotEnv: string, shellEnv: Record<string, string> = {}): ComposeConfig {
    writeFileSync(join(dir, '.env'), dotEnv);
    const args = [...prefix, 'config', ...(prefix.length ? ['--format', 'json'] : [])];
    const out = execFileSync(bin, args, {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...shellEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return parse(out) as ComposeConfig;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hirebridge-compose-config-'));
    for (const file of ['docker-compose.yml', 'Dockerfile', '.dockerignore']) copyFileSync(join(REPO, file), join(dir, file));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives HireBridge every variable of .env.example, with the compose network addresses instead of localhost', () => {
    const env = resolve(envExample).services.hirebridge.environment ?? {};
    const pinned: Record<string, string> = {
      PORT: '3000',
      DATABASE_URL: 'postgres://hirebridge:hirebridge@postgres:5432/hirebridge',
      REDIS_URL: 'redis://redis:6379',
      SIRH_BASE_URL: 'http://mock-sirh:4000',
    };
    const entries = envFileEntries(envExample);
    expect(entries.length).toBeGreaterThan(20);
    for (const [key, value] of entries) {
      expect([key, env[key] ?? '']).toEqual([key, pinned[key] ?? value]);
    }
    for (const value of Object.values(env)) expect(value ?? '').not.toMatch(/localhost|127\.0\.0\.1/);
  });

  it('keeps the in-network addresses when .env or the shell set them (e.g. to localhost for npm run start:prod)', () => {
    const addresses = {
      DATABASE_URL: 'postgres://postgres@localhost:5432/other',
      REDIS_URL: 'redis://localhost:6380',
      SIRH_BASE_URL: 'http://localhost:4000',
      PORT: '8080',
    };
    const dotEnv = `${envExample}\n${Object.entries(addresses)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\nLOG_LEVEL=debug\n`;
    const env = resolve(dotEnv, addresses).services.hirebridge.environment ?? {};
    expect(env.DATABASE_URL).toBe('postgres://hirebridge:hirebridge@postgres:5432/hirebridge');
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.SIRH_BASE_URL).toBe('http://mock-sirh:4000');
    expect(env.PORT).toBe('3000');
    // Anything else in .env does reach the service.
    expect(env.LOG_LEVEL).toBe('debug');
  });

  it('publishes ports on 127.0.0.1 only, and only HireBridge (3000) and the mock SIRH (4000)', () => {
    const { services } = resolve(envExample);
    const published = Object.entries(services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => {
        if (typeof p !== 'string') return `${name} ${p.host_ip ?? '0.0.0.0'}:${p.published}:${p.target}`;
        const parts = p.replace(/\/tcp$/, '').split(':');
        return `${name} ${parts.length === 3 ? parts.join(':') : `0.0.0.0:${parts.join(':')}`}`;
      }),
    );
    expect(published.sort()).toEqual(['hirebridge 127.0.0.1:3000:3000', 'mock-sirh 127.0.0.1:4000:4000']);
  });

  it('starts HireBridge once Postgres (over TCP, so not during its first-start init), Redis and the mock SIRH are healthy', () => {
    const { services } = resolve(envExample);
    const conditions = Object.entries(services.hirebridge.depends_on ?? {}).map(([name, d]) => `${name}: ${d.condition}`);
    expect(conditions.sort()).toEqual(['mock-sirh: service_healthy', 'postgres: service_healthy', 'redis: service_healthy']);
    const pgTest = [services.postgres.healthcheck?.test ?? []].flat().join(' ');
    expect(pgTest).toMatch(/pg_isready -h 127\.0\.0\.1 -U hirebridge -d hirebridge/);
    expect([services.redis.healthcheck?.test ?? []].flat().join(' ')).toMatch(/redis-cli ping/);
    expect([services['mock-sirh'].healthcheck?.test ?? []].flat().join(' ')).toMatch(/127\.0\.0\.1:4000\/health/);
    // HireBridge's own healthcheck is the image's (docker compose ps, restarts by an orchestrator).
    expect(readFileSync(join(REPO, 'Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK .*\n.*\/health/m);
  });

  it('builds one image, used by HireBridge and the mock SIRH, and never looks it up on a registry', () => {
    const { services } = resolve(envExample);
    const built = Object.entries(services).filter(([, s]) => s.build !== undefined);
    expect(built.map(([name]) => name)).toEqual(['hirebridge']);
    const appImage = services.hirebridge.image;
    expect(appImage).toBeTruthy();
    expect(services.hirebridge.pull_policy).toBe('build');
    expect(services['mock-sirh'].image).toBe(appImage);
    expect(services['mock-sirh'].pull_policy).toBe('never');
    // The mock SIRH takes the key HireBridge sends.
    const command = services['mock-sirh'].command ?? [];
    expect(command[command.indexOf('--api-key') + 1]).toBe(services.hirebridge.environment?.SIRH_API_KEY);
  });

  it('names the official images users pull, and restarts every service after a crash', () => {
    const { services } = resolve(envExample);
    expect(services.postgres.image).toMatch(/^postgres:\d+/);
    expect(services.redis.image).toMatch(/^redis:\d+/);
    expect(readFileSync(join(REPO, 'Dockerfile'), 'utf8')).toMatch(/^FROM node:\d+/m);
    for (const [name, s] of Object.entries(services)) expect([name, s.restart]).toEqual([name, 'unless-stopped']);
  });
});
