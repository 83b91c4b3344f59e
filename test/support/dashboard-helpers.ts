import { DASHBOARD, TestApp, WEBHOOK_TOKEN } from './test-app';

/** Helpers shared by the dashboard tests: credentials, seeding hires, waiting for a job's outcome. */

export const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
export const ops = basic(DASHBOARD.user, DASHBOARD.password);
export const READONLY = { user: 'viewer', password: 'viewer-password-1' };
export const viewer = basic(READONLY.user, READONLY.password);
export const XSS_NAME = '<img src=x onerror=alert(1)>';

export async function deliver(t: TestApp, body: unknown): Promise<{ id: string; status: string; syncJobId?: string }> {
  const res = await t.post(`/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, body);
  if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  return res.json();
}

export async function waitForStatus(t: TestApp, syncJobId: string, statuses: string[]): Promise<Record<string, any>> {
  return t.waitFor(
    async () => {
      const row = (await t.db.query('SELECT * FROM sync_jobs WHERE id = $1', [syncJobId])).rows[0];
      return row && statuses.includes(row.status) ? row : null;
    },
    `sync job ${syncJobId} to be ${statuses.join(' or ')}`,
  );
}

/** POST with Basic auth; JSON unless a form body is given. */
export function postAs(
  t: TestApp,
  auth: Record<string, string>,
  path: string,
  init: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...auth, ...init.headers };
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  return fetch(`${t.url}${path}`, { method: 'POST', headers, body, redirect: 'manual' });
}

export function csrfTokenFrom(page: string): string {
  const m = /<meta name="csrf-token" content="([^"]+)">/.exec(page);
  if (!m) throw new Error('no csrf token on the page');
  return m[1];
}
