import { ops } from '../support/dashboard-helpers';
import { hiredDelivery } from '../support/fixtures';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const hook = `/webhooks/flatchr?token=${WEBHOOK_TOKEN}`;

describe('candidate ids that disagree inside one delivery', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const finished = (deliveryId: string) =>
    t.waitFor(async () => {
      const r = (await t.db.query(`SELECT id, status FROM sync_jobs WHERE delivery_id = $1`, [deliveryId])).rows[0];
      return r && ['succeeded', 'failed', 'skipped'].includes(r.status) ? r : null;
    }, 'the job to finish');

  it('leaves a warning on the job naming both ids and the one used', async () => {
    const body = hiredDelivery(5001);
    body.data.candidate.id = 5002;
    const answer = await (await t.post(hook, body)).json();
    expect(answer.status).toBe('queued');
    const expected =
      'candidate ids disagree: data.candidate_id 5001, data.candidate.id 5002, data.applicant.candidate_id 5001; used data.candidate_id (5001)';

    // In the API's job detail, at once: the warning is written before the 202.
    const detail = await (await t.get(`/api/sync-jobs/${answer.syncJobId}`, ops)).json();
    const warnings = detail.events.filter((e: { type: string }) => e.type === 'warning');
    expect(warnings).toEqual([expect.objectContaining({ actor: 'webhook', detail: expected })]);

    expect((await finished(answer.id)).status).toBe('succeeded');
    expect(t.sirh.employees().map((e) => e.externalId)).toEqual(['flatchr:60:5001']);
    // On the dashboard's job page, as a timeline entry.
    const page = await (await t.get(`/dashboard/jobs/${answer.syncJobId}`, ops)).text();
    expect(page).toContain(expected);
  });

  it('leaves no warning when they agree', async () => {
    const answer = await (await t.post(hook, hiredDelivery(5003))).json();
    await finished(answer.id);
    const detail = await (await t.get(`/api/sync-jobs/${answer.syncJobId}`, ops)).json();
    expect(detail.events.filter((e: { type: string }) => e.type === 'warning')).toEqual([]);
  });
});
