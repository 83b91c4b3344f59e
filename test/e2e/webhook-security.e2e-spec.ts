import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { fixture } from '../support/fixtures';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;
const SECRET = `whsec_${Buffer.from('a-signing-secret-of-32-bytes-len').toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`;

describe('webhook security', () => {
  describe('Standard Webhooks signature (WEBHOOK_SIGNING_SECRET set)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ WEBHOOK_SIGNING_SECRET: SECRET });
    });
    afterAll(async () => {
      await t.close();
    });

    /** Headers as a sender using the official Standard Webhooks library makes them (not our own signer). */
    const signed = (raw: string, overrides: { timestamp?: number; id?: string; secret?: string } = {}) => {
      const id = overrides.id ?? `msg_${randomUUID()}`;
      const timestamp = overrides.timestamp ?? Math.floor(Date.now() / 1000);
      return {
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': new Webhook(overrides.secret ?? SECRET).sign(id, new Date(timestamp * 1000), raw),
      };
    };

    it('accepts a delivery signed over its raw body', async () => {
      const raw = JSON.stringify(fixture('new_vacancy'));
      const res = await t.post(hook, null, { raw, headers: signed(raw) });
      expect(res.status).toBe(202);
    });

    it('refuses an unsigned, tampered, stale, future or wrong-key delivery with 401 and stores nothing', async () => {
      const raw = JSON.stringify(fixture('new_message'));
      const now = Math.floor(Date.now() / 1000);
      const unsigned = await t.post(hook, null, { raw });
      const tampered = await t.post(hook, null, { raw: raw.replace('Riva', 'Rivaz'), headers: signed(raw) });
      // Far beyond the 5-minute tolerance either way, so a slow test cannot move them inside it.
      const stale = await t.post(hook, null, { raw, headers: signed(raw, { timestamp: now - 3600 }) });
      const future = await t.post(hook, null, { raw, headers: signed(raw, { timestamp: now + 3600 }) });
      // Same id and timestamp as a valid signature: only the key differs.
      const good = signed(raw);
      const wrongKey = await t.post(hook, null, {
        raw,
        headers: signed(raw, { id: good['webhook-id'], timestamp: Number(good['webhook-timestamp']), secret: OTHER_SECRET }),
      });
      const notANumber = await t.post(hook, null, { raw, headers: { ...good, 'webhook-timestamp': new Date().toISOString() } });
      expect([unsigned.status, tampered.status, stale.status, future.status, wrongKey.status, notANumber.status]).toEqual([
        401, 401, 401, 401, 401, 401,
      ]);
      expect((await t.db.query(`SELECT count(*) FROM deliveries WHERE event = 'new_message'`)).rows[0].count).toBe('0');
      // The very headers that carried the wrong key's signature pass with the right one.
      expect((await t.post(hook, null, { raw, headers: good })).status).toBe(202);
    });

    it('accepts a header carrying an old key and the current key (rotation)', async () => {
      const raw = JSON.stringify(fixture('new_applicant'));
      const current = signed(raw);
      const old = signed(raw, { id: current['webhook-id'], timestamp: Number(current['webhook-timestamp']), secret: OTHER_SECRET });
      const res = await t.post(hook, null, {
        raw,
        headers: { ...current, 'webhook-signature': `${old['webhook-signature']} ${current['webhook-signature']}` },
      });
      expect(res.status).toBe(202);
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
      // Retry-After: the seconds left in this address's minute, never 0.
      const refused = await t.post(hook, fixture('new_vacancy'), { headers: { 'x-forwarded-for': '10.1.9.9' } });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      const elsewhere = await t.post(hook, fixture('new_applicant'), { headers: { 'x-forwarded-for': '10.1.7.7' } });
      expect(elsewhere.status).toBe(202);
    });
  });

  describe('X-Forwarded-For without TRUSTED_PROXIES', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ WEBHOOK_ALLOWED_IPS: '10.1.0.0/16' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('is not believed: a forged allowed address is refused', async () => {
      const forged = await t.post(hook, fixture('new_vacancy'), { headers: { 'x-forwarded-for': '10.1.2.3' } });
      expect(forged.status).toBe(403);
      expect((await t.db.query('SELECT count(*)::int AS n FROM deliveries')).rows[0].n).toBe(0);
    });
  });

  describe('X-Forwarded-For without TRUSTED_PROXIES, rate limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ WEBHOOK_ALLOWED_IPS: '127.0.0.1', WEBHOOK_RATE_LIMIT_PER_MINUTE: '2' });
    });
    afterAll(async () => {
      await t.close();
    });

    it('counts by the socket address, whatever address each request claims', async () => {
      const statuses: number[] = [];
      for (const claimed of ['10.9.0.1', '10.9.0.2', '10.9.0.3']) {
        const body = fixture('new_vacancy');
        body.data.vacancy.title = `claimed ${claimed}`;
        statuses.push((await t.post(hook, body, { headers: { 'x-forwarded-for': claimed } })).status);
      }
      expect(statuses).toEqual([202, 202, 429]);
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
