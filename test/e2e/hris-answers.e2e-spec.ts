import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hiredDelivery } from '../support/fixtures';
import { deliver, waitForStatus } from '../support/dashboard-helpers';
import { HugeAnswerServer, startHugeAnswerServer } from '../support/huge-answer-server';
import { TestApp, startTestApp } from '../support/test-app';

describe('what the HRIS answers is read with care', () => {
  describe('a 400 MB answer to 4 pushes at once', () => {
    let t: TestApp;
    let hris: HugeAnswerServer;
    beforeAll(async () => {
      hris = await startHugeAnswerServer(500, 400 * 1024 * 1024);
      t = await startTestApp({ SIRH_BASE_URL: hris.url, SYNC_MAX_ATTEMPTS: '1', SYNC_CONCURRENCY: '4', SIRH_TIMEOUT_MS: '20000' });
    });
    afterAll(async () => {
      await t.close();
      await hris.close();
    });

    it('reads a capped excerpt of each, records the failures, and leaves the rest unread', async () => {
      const jobs = await Promise.all([9201, 9202, 9203, 9204].map((id) => deliver(t, hiredDelivery(id))));
      for (const { syncJobId } of jobs) await waitForStatus(t, syncJobId!, ['failed']);
      const attempts = (await t.db.query(`SELECT http_status, length(response_excerpt) AS excerpt FROM sync_attempts`)).rows;
      expect(attempts).toHaveLength(4);
      for (const a of attempts) {
        expect(a.http_status).toBe(500);
        expect(a.excerpt).toBeLessThanOrEqual(2001);
      }
      await hris.cutShort(4);
      expect(Math.max(...hris.sent)).toBeLessThan(32 * 1024 * 1024);
      expect((await t.get('/health')).status).toBe(200);
    });
  });

  describe('an employee id longer than 255 characters', () => {
    let t: TestApp;
    let hris: Server;
    beforeAll(async () => {
      hris = createServer((req, res) => {
        req.resume();
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `emp_${'9'.repeat(296)}` }));
      });
      await new Promise<void>((resolve) => hris.listen(0, '127.0.0.1', resolve));
      t = await startTestApp({ SIRH_BASE_URL: `http://127.0.0.1:${(hris.address() as AddressInfo).port}`, SYNC_MAX_ATTEMPTS: '3' });
    });
    afterAll(async () => {
      await t.close();
      await new Promise((resolve) => hris.close(resolve));
    });

    it('is a permanent failure, and the id is stored nowhere', async () => {
      const { syncJobId } = await deliver(t, hiredDelivery(9301));
      const job = await waitForStatus(t, syncJobId!, ['failed']);
      expect(job.attempt_count).toBe(1);
      expect(job.hris_id).toBeNull();
      expect(job.last_error).toMatch(/300 characters/);
      const stored = await t.db.query(`SELECT count(*)::int AS n FROM employees WHERE length(hris_id) > 255`);
      expect(stored.rows[0].n).toBe(0);
    });
  });
});
