import { hiredDelivery } from '../support/fixtures';
import { spawnService } from '../harness/service-process';
import { SIRH_API_KEY, TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

describe('structured logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The in-process app only provides the database and the mock SIRH; the service under test is spawned.
    t = await startTestApp({ APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes JSON lines that follow one delivery from webhook to SIRH call by its correlation id, secrets redacted', async () => {
    const service = await spawnService({ ...t.env, APP_ROLE: 'all', PORT: '0' });
    try {
      const res = await fetch(`${service.url}/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'flatchr-delivery-42' },
        body: JSON.stringify(hiredDelivery(6001)),
      });
      expect(res.status).toBe(202);
      const { id: deliveryId } = (await res.json()) as { id: string };
      await t.waitFor(async () => /created in generic-sirh/.test(service.output()), 'the push to be logged');

      const lines = service
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(lines.length).toBeGreaterThan(3);
      const request = lines.find((l) => l.msg === 'request completed' && l.req?.url?.startsWith('/webhooks/flatchr'));
      expect(request.req.id).toBe('flatchr-delivery-42');
      expect(request.req.url).toBe('/webhooks/flatchr?token=[REDACTED]');
      expect(request.res.statusCode).toBe(202);
      const queued = lines.find((l) => l.msg === 'hire queued');
      expect(queued).toMatchObject({ deliveryId, correlationId: 'flatchr-delivery-42' });
      const pushed = lines.find((l) => /created in generic-sirh/.test(l.msg ?? ''));
      expect(pushed).toMatchObject({ correlationId: 'flatchr-delivery-42', syncJobId: queued.syncJobId, httpStatus: 201 });

      const post = t.sirh.requests.find((r) => r.method === 'POST');
      expect(post?.headers['x-correlation-id']).toBe('flatchr-delivery-42');
      expect(service.output()).not.toContain(WEBHOOK_TOKEN);
      expect(service.output()).not.toContain(SIRH_API_KEY);
    } finally {
      service.child.signal('SIGTERM');
      await service.exited;
    }
  });
});
