import { randomBytes } from 'node:crypto';
import { LuccaMock, startLuccaMock } from '../../src/mock-hris/lucca/lucca-mock.server';
import { hiredDelivery } from '../support/fixtures';
import { deliver, ops, waitForStatus } from '../support/dashboard-helpers';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * A two-step creation across the worker's attempts: the steps done are kept in Postgres
 * (sync_jobs.push_steps), so the retry completes the contract of the user already created, and a
 * create whose answer never came is found by the look-up instead of being sent again.
 */
describe('a two-step creation resumes where it stopped, through the queue', () => {
  let t: TestApp;
  let lucca: LuccaMock;
  beforeAll(async () => {
    lucca = await startLuccaMock({ apiKey: 'resume-key' });
    t = await startTestApp({ CREDENTIALS_KEY: randomBytes(32).toString('hex'), SYNC_BACKOFF_MS: '20' });
    const res = await fetch(`${t.url}/api/connections`, {
      method: 'POST',
      headers: { ...ops, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Lucca',
        provider: 'lucca',
        companyIds: ['60'],
        baseUrl: lucca.url,
        credentials: { apiKey: 'resume-key' },
        settings: { legalEntityId: 1, departmentId: 1, contractTypes: { 5: 'CDD' } },
      }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await lucca.close();
  });

  it('creates the contract on a later attempt when the contract step failed, without a second user', async () => {
    lucca.failNextContracts(2, 503);
    const job = (await deliver(t, hiredDelivery(62001))).syncJobId!;
    const done = await waitForStatus(t, job, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(done.attempt_count).toBe(3);
    expect(lucca.users.filter((u) => u.mail === 'candidate62001@example.com')).toHaveLength(1);
    expect(lucca.contracts.filter((c) => String(c.ownerId) === done.hris_id)).toHaveLength(1);
    const steps = Object.values(done.push_steps as Record<string, Record<string, unknown>>)[0];
    expect(Object.keys(steps)).toEqual(expect.arrayContaining(['createSent', 'userCreated', 'contractCreated']));
    const job2 = (await (await fetch(`${t.url}/api/sync-jobs/${job}`, { headers: ops })).json()) as { pushSteps: Record<string, unknown> };
    expect(job2.pushSteps[done.connection_id]).toHaveProperty('userCreated');
  });

  it('finds the user whose create answer was lost, and does not create them twice', async () => {
    lucca.dropNextUserCreate();
    const job = (await deliver(t, hiredDelivery(62002))).syncJobId!;
    const done = await waitForStatus(t, job, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(lucca.users.filter((u) => u.mail === 'candidate62002@example.com')).toHaveLength(1);
    expect(lucca.requestsTo('POST', '/api/v3/users').filter((r) => JSON.stringify(r.body).includes('candidate62002'))).toHaveLength(1);
  });
});
