import { Client } from 'pg';
import { StartedApp, startApp } from '../../src/bootstrap';
import { startMockSirh } from '../../src/mock-sirh/mock-sirh.server';
import type { MockSirh } from '../../src/mock-sirh/mock-sirh.types';
import { createTestDatabase, uniqueName } from '../harness/database';
import { TEST_REDIS_URL } from '../harness/local-services';
import { deleteQueueKeys } from '../harness/queue-keys';
import { waitFor } from '../harness/wait';

export const WEBHOOK_TOKEN = 'test-webhook-token-0123456789';
export const SIRH_API_KEY = 'test-sirh-key';
export const DASHBOARD = { user: 'ops', password: 'ops-password-1' };

/** fetch's Response with `json()` loosened for assertions. */
export interface TestResponse {
  status: number;
  headers: Headers;
  json(): Promise<any>;
  text(): Promise<string>;
}

export interface TestApp {
  url: string;
  started: StartedApp;
  /** A direct connection to this test's own database, to assert on rows. */
  db: Client;
  sirh: MockSirh;
  queuePrefix: string;
  /** The environment the service was started with. */
  env: Record<string, string>;
  post(path: string, body: unknown, init?: { headers?: Record<string, string>; raw?: string }): Promise<TestResponse>;
  get(path: string, headers?: Record<string, string>): Promise<TestResponse>;
  /** Polls until `check` returns a truthy value (no fixed sleeps). */
  waitFor<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real service (same start-up path as `npm run start:prod`) on its own database and queue
 * prefix, against the machine's Postgres and Redis, with the contract's mock SIRH in-process.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const sirh = await startMockSirh({ apiKey: SIRH_API_KEY });
  const queuePrefix = uniqueName('hbtest');
  const fullEnv: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    WEBHOOK_TOKEN,
    SIRH_BASE_URL: sirh.url,
    SIRH_API_KEY,
    SIRH_TIMEOUT_MS: '1000',
    SYNC_BACKOFF_MS: '50',
    SYNC_MAX_ATTEMPTS: '5',
    DASHBOARD_USER: DASHBOARD.user,
    DASHBOARD_PASSWORD: DASHBOARD.password,
    LOG_LEVEL: 'silent',
    ...env,
  };
  const started = await startApp(fullEnv);
  const db = new Client({ connectionString: database.url });
  // A test that cuts the database off also cuts this connection: that is expected, not a crash.
  db.on('error', () => undefined);
  await db.connect();
  const url = started.url!;

  return {
    url,
    started,
    db,
    sirh,
    queuePrefix,
    env: fullEnv,
    post: (path, body, init = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: init.raw ?? JSON.stringify(body),
      }),
    get: (path, headers = {}) => fetch(`${url}${path}`, { headers }),
    waitFor: (check, what, timeoutMs = 30000) => waitFor(check, what, timeoutMs, 25),
    async close() {
      await started.close();
      await db.end();
      await sirh.close();
      await database.drop();
      await deleteQueueKeys(queuePrefix);
    },
  };
}
