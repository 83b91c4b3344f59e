import { spawnSync } from 'node:child_process';
import { hiredDelivery } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';

/** Prometheus' own checker (Debian package `prometheus`; .ci/run installs it). */
function promtoolCheck(text: string): { status: number | null; output: string; missing: boolean } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30000 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), missing };
}

describe('/metrics', () => {
  let t: TestApp;
  let text: string;

  beforeAll(async () => {
    t = await startTestApp({ SYNC_MAX_ATTEMPTS: '2' });
    const created = (await deliver(t, hiredDelivery(9701, { email: 'metrics.9701@example.com' }))).syncJobId!;
    await waitForStatus(t, created, ['succeeded']);
    // Same email, another candidate: the SIRH answers 409 and the hire is linked.
    const linked = (await deliver(t, hiredDelivery(9702, { email: 'metrics.9701@example.com' }))).syncJobId!;
    await waitForStatus(t, linked, ['succeeded']);
    t.sirh.enqueueFaults({ status: 422, body: { error: 'validation_failed' } });
    const failed = (await deliver(t, hiredDelivery(9703))).syncJobId!;
    await waitForStatus(t, failed, ['failed']);
    const res = await t.get('/metrics', ops);
    expect(res.status).toBe(200);
    text = await res.text();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is clean under promtool check metrics', () => {
    const check = promtoolCheck(text);
    if (check.missing) throw new Error('promtool not found: apt-get install prometheus (Debian) provides it');
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });

  /** `# TYPE name type` lines: the families the exposition declares. */
  const families = () => new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));

  /** Samples of one metric name: their labels and values (label values here never hold quotes or commas). */
  const samples = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))].map((m) => ({
      labels: Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
      value: Number(m[2]),
    }));

  it('carries the Node process defaults of the answering process', () => {
    const names = new Set(families().keys());
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_version_info',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('has a webhook → HRIS histogram by provider and outcome only', () => {
    const name = 'hirebridge_webhook_to_hris_seconds';
    expect(families().get(name)).toBe('histogram');
    const counts = samples(`${name}_count`);
    for (const s of [...counts, ...samples(`${name}_sum`)]) expect(Object.keys(s.labels).sort()).toEqual(['outcome', 'provider']);
    for (const s of samples(`${name}_bucket`)) expect(Object.keys(s.labels).sort()).toEqual(['le', 'outcome', 'provider']);
    const byOutcome = Object.fromEntries(counts.map((s) => [`${s.labels.provider}/${s.labels.outcome}`, s.value]));
    expect(byOutcome).toEqual({ 'generic-sirh/created': 1, 'generic-sirh/linked': 1, 'generic-sirh/failed': 1 });
    // Cumulative buckets: the last finite one holds them all (each took well under a day).
    const lastFinite = samples(`${name}_bucket`).filter((s) => s.labels.le === '86400');
    expect(lastFinite.map((s) => s.value)).toEqual([1, 1, 1]);
    // Bounded: nothing about a company or a person reaches a label.
    expect(text).not.toMatch(/hirebridge_webhook_to_hris_seconds\w*\{[^}]*(company|candidate|email|9701)/);
  });
});
