import { randomUUID } from 'node:crypto';
import { signStandardWebhook } from '../../src/webhooks/standard-webhooks-signature';
import { fixture } from '../support/fixtures';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;
const SECRET = `whsec_${Buffer.from('a-signing-secret-of-32-bytes-len').toString('base64')}`;

describe('webhook security', () => {
  describe('Standard Webhooks signature (WEBHOOK_SIGNING_SECRET set)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ WEBHOOK_SIGNING_SECRET: SECRET });
    });
    afterAll(async () => {
      await t.close();
    });

    const signed = (raw: string, overrides: { timestamp?: number; signature?: string } = {}) => {
      const id = `msg_${randomUUID()}`;
      const timestamp = overrides.timestamp ?? Math.floor(Date.now() / 1000);
      return {
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': overrides.signature ?? signStandardWebhook(SECRET, id, timestamp, raw),
      };
    };

    it('accepts a delivery signed over its raw body', async () => {
      const raw = JSON.stringify(fixture('new_vacancy'));
      const res = await t.post(hook, null, { raw, headers: signed(raw) });
      expect(res.status).toBe(202);
    });

    it('refuses an unsigned, tampered, or stale delivery with 401 and stores nothing', async () => {
      const raw = JSON.stringify(fixture('new_message'));
      const unsigned = await t.post(hook, null, { raw });
      const tampered = await t.post(hook, null, { raw: raw.replace('Riva', 'Rivaz'), headers: signed(raw) });
      const stale = await t.post(hook, null, { raw, headers: signed(raw, { timestamp: Math.floor(Date.now() / 1000) - 301 }) });
      const wrongKey = await t.post(hook, null, {
        raw,
        headers: signed(raw, { signature: signStandardWebhook('whsec_b3RoZXI=', 'x', 1, raw) }),
      });
      expect([unsigned.status, tampered.status, stale.status, wrongKey.status]).toEqual([401, 401, 401, 401]);
      expect((await t.db.query(`SELECT count(*) FROM deliveries WHERE event = 'new_message'`)).rows[0].count).toBe('0');
    });
  });

  describe('source IP allowlist and rate limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        WEBHOOK_ALLOWED_IPS: '10.1.0.0/16',
        TRUSTED_PROXIES: '127.0.0.1',
        WEBHOOK_RATE_LIMIT_PER_MINUTE: '5',
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('lets in only allowed addresses, read through the trusted proxy', async () => {
      const allowed = await t.post(hook, fixture('new_vacancy'), { headers: { 'x-forwarded-for': '10.1.2.3' } });
      expect(allowed.status).toBe(202);
      const other = await t.post(hook, fixture('new_vacancy'), { headers: { 'x-forwarded-for': '192.0.2.9' } });
      expect(other.status).toBe(403);
    });

    it('limits each source address per minute with 429, counting addresses apart', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const body = fixture('new_vacancy');
        body.data.vacancy.title = `t${i}`;
        statuses.push((await t.post(hook, body, { headers: { 'x-forwarded-for': '10.1.9.9' } })).status);
      }
      expect(statuses.slice(0, 5).every((s) => s === 202)).toBe(true);
      expect(statuses[5]).toBe(429);
      const elsewhere = await t.post(hook, fixture('new_applicant'), { headers: { 'x-forwarded-for': '10.1.7.7' } });
      expect(elsewhere.status).toBe(202);
    });
  });

  describe('response headers', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('sends helmet security headers and no framework fingerprint', async () => {
      const res = await t.get('/health');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });
});
