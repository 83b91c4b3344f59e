import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { Queue } from 'bullmq';
import { RegisteredRoute, registeredRoutes } from '../../src/http/route-access';
import { HIRE_SYNC_QUEUE } from '../../src/sync/queue.constants';
import { READONLY, basic, ops } from '../support/dashboard-helpers';
import { rawRequest } from '../support/raw-http';
import { TEST_REDIS_URL } from '../harness/local-services';
import { DASHBOARD, TestApp, startTestApp } from '../support/test-app';

/** A concrete path for a route pattern: parameters and wildcards get plausible values. */
function concretePath(route: RegisteredRoute): string {
  return route.url
    .replace(/:queueName/g, HIRE_SYNC_QUEUE)
    .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/:file\b/g, 'swagger-ui.css')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*$/, 'x');
}

const encodeChar = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** The ways a path can be spelled that a router may read as the same route. */
function spellings(path: string): string[] {
  const letters = [...path.matchAll(/[a-z]/gi)].map((m) => m.index!);
  const first = letters[0];
  const last = letters[letters.length - 1];
  const out = new Set([
    path,
    `${path.slice(0, first)}${encodeChar(path[first])}${path.slice(first + 1)}`,
    `${path.slice(0, last)}${encodeChar(path[last])}${path.slice(last + 1)}`,
    `${path.slice(0, first)}${encodeChar(path[first]).toUpperCase()}${path.slice(first + 1)}`,
    path.replace(/-/g, '%2D'),
    path.replace(/\//g, '%2F').replace(/^%2F/, '/'),
    `/${path}`,
    path.replace(/\/([^/]*)$/, '//$1'),
    `${path}/`,
    `/x/..${path}`,
    `${path}?x=1`,
    path.toUpperCase(),
    path.replace(/^\/([a-z])/, (_, c: string) => `/${c.toUpperCase()}`),
  ]);
  return [...out];
}

describe('every route needs the dashboard login, whatever the spelling of its path', () => {
  let t: TestApp;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    // Worker off: nothing may consume a job an unauthenticated request manages to add.
    t = await startTestApp({
      APP_ROLE: 'api',
      DASHBOARD_READONLY_USER: READONLY.user,
      DASHBOARD_READONLY_PASSWORD: READONLY.password,
      LOGIN_FAILURE_LIMIT: '1000000',
    });
    routes = registeredRoutes((t.started.app as NestFastifyApplication).getHttpAdapter().getInstance() as FastifyInstance);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads the routes from the router, plugins included', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'PUT /queues/api/queues/:queueName/pause',
        'POST /queues/api/queues/:queueName/add',
        'GET /queues/api/redis/stats',
        'GET /docs-json',
        'GET /docs-yaml',
        'GET /metrics',
        'GET /api/sync-jobs',
        'POST /dashboard/jobs/:id/retry',
        'GET /health',
        'POST /webhooks/flatchr',
      ]),
    );
    const open = routes.filter((r) => r.access !== 'dashboard').map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual(
      [
        'GET /dashboard/assets/dashboard.css',
        'GET /dashboard/assets/dashboard.js',
        'GET /health',
        'HEAD /dashboard/assets/dashboard.css',
        'HEAD /dashboard/assets/dashboard.js',
        'HEAD /health',
        'POST /webhooks/flatchr',
      ].sort(),
    );
  });

  it('answers 401 or 404 to every other route, in every spelling, without credentials or with wrong ones', async () => {
    const wrong = [
      {},
      basic(DASHBOARD.user, 'not-the-password'),
      basic('intruder', DASHBOARD.password),
      basic(DASHBOARD.user, READONLY.password),
      { authorization: 'Bearer ops-password-1' },
      { authorization: 'Basic !!!' },
    ];
    const protectedRoutes = routes.filter((r) => r.access !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(40);
    const answers = new Map<string, number>();
    for (const route of protectedRoutes) {
      for (const path of spellings(concretePath(route))) {
        for (const headers of wrong) {
          const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? '{}' : undefined;
          const res = await rawRequest(
            t.url,
            route.method,
            path,
            body ? { ...headers, 'content-type': 'application/json' } : headers,
            body,
          );
          answers.set(`${route.method} ${path} ${JSON.stringify(headers)}`, res.status);
        }
      }
    }
    const others = [...answers].filter(([, status]) => status !== 401 && status !== 404);
    expect(others).toEqual([]);
    // The plain spellings reached their routes (401, not 404), so the gate, not luck, refused them.
    const plain = protectedRoutes.map((r) => answers.get(`${r.method} ${concretePath(r)} {}`));
    expect(plain.every((s) => s === 401)).toBe(true);

    // And none of them did anything: the queue is neither paused nor given a job.
    const queue = new Queue(HIRE_SYNC_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix: t.queuePrefix });
    try {
      expect(await queue.isPaused()).toBe(false);
      const counts = await queue.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('still serves the right credentials, so the refusals above are the gate at work', async () => {
    for (const path of ['/%71ueues/api/queues', '/%64ocs-json', '/docs%2Dyaml', '/metrics', '/api/sync-jobs', '/dashboard']) {
      expect({ path, status: (await rawRequest(t.url, 'GET', path, ops)).status }).toEqual({ path, status: 200 });
    }
    expect((await rawRequest(t.url, 'GET', '/health')).status).toBe(200);
    expect((await rawRequest(t.url, 'GET', '/dashboard/assets/dashboard.css')).status).toBe(200);
  });
});

describe('failed logins are limited per source address', () => {
  let t: TestApp;
  const from = (address: string, headers: Record<string, string> = {}) => ({ ...headers, 'x-forwarded-for': address });
  const wrongPassword = basic(DASHBOARD.user, 'guess-number-1');

  beforeAll(async () => {
    // X-Forwarded-For is believed from the test's own address, so each test source is its own client.
    t = await startTestApp({ LOGIN_FAILURE_LIMIT: '3', LOGIN_FAILURE_WINDOW_SECONDS: '600', TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After once an address has failed the limit, on every authenticated surface', async () => {
    const surfaces = ['/metrics', '/docs-json', '/queues/api/queues', '/api/sync-jobs', '/dashboard'];
    for (const path of surfaces.slice(0, 3)) {
      expect((await rawRequest(t.url, 'GET', path, from('203.0.113.7', wrongPassword))).status).toBe(401);
    }
    for (const path of surfaces) {
      // Blocked now, even with the right password: a guesser cannot tell a right guess from a wrong one.
      const res = await rawRequest(t.url, 'GET', path, from('203.0.113.7', ops));
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(600);
    }
    // Another address is not affected.
    expect((await rawRequest(t.url, 'GET', '/metrics', from('203.0.113.8', ops))).status).toBe(200);
  });

  it('counts only failures: an operator who logs in often is never limited', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await rawRequest(t.url, 'GET', '/api/sync-jobs', from('198.51.100.20', ops))).status).toBe(200);
    }
    // Two typos stay below the limit of three; the right password still works.
    for (let i = 0; i < 2; i++) expect((await rawRequest(t.url, 'GET', '/metrics', from('198.51.100.20', wrongPassword))).status).toBe(401);
    expect((await rawRequest(t.url, 'GET', '/metrics', from('198.51.100.20', ops))).status).toBe(200);
  });

  it('does not count a request without credentials (a browser about to ask for them)', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await rawRequest(t.url, 'GET', '/dashboard', from('198.51.100.30'));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    }
    expect((await rawRequest(t.url, 'GET', '/dashboard', from('198.51.100.30', ops))).status).toBe(200);
  });
});
