import { hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';

describe('dashboard JSON API, metrics, bull-board and OpenAPI', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp({ SYNC_MAX_ATTEMPTS: '2' });
    // Five hires, one failing with 422; the oldest is moved back 10 days for the date filters.
    for (const n of [9001, 9002, 9003, 9004, 9005]) {
      if (n === 9003) t.sirh.enqueueFaults({ status: 422, body: { error: 'bad' } });
      const { syncJobId } = await deliver(t, hiredDelivery(n, { email: `Person.${n}@Example.com` }));
      ids[n] = syncJobId!;
      await waitForStatus(t, syncJobId!, ['succeeded', 'failed']);
    }
    await t.db.query(`UPDATE sync_jobs SET created_at = now() - interval '10 days' WHERE id = $1`, [ids[9001]]);
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async (qs: string) => {
    const res = await t.get(`/api/sync-jobs${qs}`, ops);
    expect(res.status).toBe(200);
    return res.json();
  };

  it('searches by name, email, Flatchr candidate and applicant id, and SIRH id', async () => {
    const byEmail = await list('?q=person.9002@example');
    expect(byEmail.items.map((j: any) => j.id)).toEqual([ids[9002]]);
    expect(byEmail.items[0]).toMatchObject({
      candidateName: 'Hubert Delajaque',
      email: 'Person.9002@Example.com',
      vacancy: 'Account Executive',
      candidateId: '9002',
      applicantId: '109002',
      status: 'succeeded',
    });
    expect((await list('?q=9004')).items.map((j: any) => j.id)).toEqual([ids[9004]]);
    expect((await list('?q=109005')).items.map((j: any) => j.id)).toEqual([ids[9005]]);
    const sirhId = byEmail.items[0].hrisId;
    expect((await list(`?q=${sirhId}`)).items.map((j: any) => j.id)).toEqual([ids[9002]]);
    expect((await list('?q=hubert%20delajaque')).total).toBe(5);
    expect((await list('?q=delajaque%20hubert')).total).toBe(5);
    expect((await list('?q=50%25')).total).toBe(0);
    expect((await list('?status=failed')).items.map((j: any) => j.id)).toEqual([ids[9003]]);
    expect((await list('?status=failed')).items[0].lastError).toMatch(/422/);
  });

  it('filters by date range', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const recent = await list(`?from=${today}`);
    expect(recent.total).toBe(4);
    const old = await list(`?to=${new Date(Date.now() - 5 * 86400_000).toISOString().slice(0, 10)}`);
    expect(old.items.map((j: any) => j.id)).toEqual([ids[9001]]);
    expect((await list(`?from=${today}&to=${today}`)).total).toBe(4);
    expect((await t.get('/api/sync-jobs?from=yesterday', ops)).status).toBe(400);
  });

  it('pages newest first with cursor, and keeps page= working', async () => {
    const first = await list('?pageSize=2');
    expect(first.items.map((j: any) => j.id)).toEqual([ids[9005], ids[9004]]);
    expect(first.total).toBe(5);
    const second = await list(`?pageSize=2&cursor=${first.nextCursor}`);
    expect(second.items.map((j: any) => j.id)).toEqual([ids[9003], ids[9002]]);
    const third = await list(`?pageSize=2&cursor=${second.nextCursor}`);
    expect(third.items.map((j: any) => j.id)).toEqual([ids[9001]]);
    expect(third.nextCursor).toBeNull();

    const page2 = await list('?pageSize=2&page=2');
    expect(page2).toMatchObject({ page: 2, pageSize: 2, total: 5 });
    expect(page2.items.map((j: any) => j.id)).toEqual([ids[9003], ids[9002]]);
    expect((await t.get('/api/sync-jobs?cursor=bm9wZQ', ops)).status).toBe(400);

    // The HTML table pages too.
    const html = await (await t.get('/dashboard?pageSize=2&page=2', ops)).text();
    expect(html).toContain('page 2 of 3');
    expect(html).toContain('rel="next"');
    expect(html).toContain('rel="prev"');
  });

  it('exposes Prometheus metrics', async () => {
    const res = await t.get('/metrics', ops);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('hirebridge_deliveries_total{event="drag_applicant",status="queued"} 5');
    expect(text).toContain('hirebridge_sync_outcomes_total{outcome="succeeded"} 4');
    expect(text).toContain('hirebridge_sync_outcomes_total{outcome="failed"} 1');
    expect(text).toContain('# TYPE hirebridge_sirh_request_duration_seconds histogram');
    expect(text).toContain('hirebridge_sirh_request_duration_seconds_bucket{status="201",le="+Inf"} 4');
    expect(text).toContain('hirebridge_sirh_request_duration_seconds_count{status="422"} 1');
    expect(text).toMatch(/hirebridge_queue_depth \d+/);
    expect(text).toMatch(/hirebridge_queue_workers [1-9]/);
    expect(text).toMatch(/hirebridge_queue_jobs\{state="waiting"\} \d+/);
  });

  it('mounts bull-board at /queues and OpenAPI at /docs, behind the same auth', async () => {
    const board = await t.get('/queues', ops);
    expect(board.status).toBe(200);
    expect(await board.text()).toMatch(/<html/i);
    // bull-board links a Google font: its policy keeps the page off the network.
    expect(board.headers.get('content-security-policy')).toMatch(/style-src 'self' 'unsafe-inline';/);
    expect(board.headers.get('content-security-policy')).not.toContain('https:');
    const queues = await (await t.get('/queues/api/queues', ops)).json();
    expect(queues.queues.map((q: any) => q.name)).toContain('hire-sync');

    const doc = await (await t.get('/docs-json', ops)).json();
    for (const path of ['/api/sync-jobs', '/api/sync-jobs/{id}', '/api/sync-jobs/{id}/retry', '/api/sync-jobs/retry', '/api/deliveries']) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths['/api/sync-jobs'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['status', 'q', 'from', 'to', 'cursor', 'page']),
    );
    const ui = await t.get('/docs', ops);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('/docs/ui/swagger-ui-bundle.js');
    expect((await t.get('/docs/ui/swagger-ui-bundle.js', ops)).status).toBe(200);
  });
});
