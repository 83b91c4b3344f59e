import { Webhook } from 'standardwebhooks';
import { startApp, StartedApp } from '../../src/bootstrap';
import type { Alert } from '../../src/alerts/alert';
import { AlertRules } from '../../src/alerts/alert-rules';
import { AlertsService } from '../../src/alerts/alerts.service';
import { AlertsSentRepository } from '../../src/alerts/alerts-sent.repository';
import { AppConfigService } from '../../src/config/app-config.service';
import { SyncJobsRepository } from '../../src/sync/sync-jobs.repository';
import { DeliveriesRepository } from '../../src/webhooks/deliveries.repository';
import { verifyStandardWebhook } from '../../src/webhooks/standard-webhooks-signature';
import { hiredDelivery } from '../support/fixtures';
import { HttpReceiver, SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../support/alert-receivers';
import { csrfTokenFrom, deliver, ops, postAs, READONLY, viewer, waitForStatus } from '../support/dashboard-helpers';
import { spawnService } from '../harness/service-process';
import { TestApp, WEBHOOK_TOKEN, startTestApp } from '../support/test-app';

const SMTP = { user: 'alerts@mail.test', pass: 'smtp-Pa55-word' };
const WEBHOOK_SECRET = `whsec_${Buffer.from('alert-signing-key-0123456789').toString('base64')}`;
const SLACK_PATH = '/services/T000/B000/slack-secret-path-0123';
const PUBLIC_URL = 'https://hirebridge.example.test';
const REJECT = { status: 422, body: { error: 'validation_failed', details: [{ field: 'email', message: 'invalid' }] } };

interface Receivers {
  slack: HttpReceiver;
  hook: HttpReceiver;
  smtp: SmtpReceiver;
}

async function startReceivers(): Promise<Receivers> {
  return {
    slack: await startHttpReceiver(SLACK_PATH),
    hook: await startHttpReceiver('/alerts'),
    smtp: await startSmtpReceiver(SMTP.user, SMTP.pass),
  };
}

function alertEnv(r: Receivers): Record<string, string> {
  return {
    ALERT_SLACK_WEBHOOK_URL: r.slack.url,
    SMTP_URL: r.smtp.url,
    ALERT_EMAIL_FROM: 'HireBridge <hirebridge@mail.test>',
    ALERT_EMAIL_TO: 'ops@mail.test, hr@mail.test',
    ALERT_WEBHOOK_URL: r.hook.url,
    ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PUBLIC_URL,
    SYNC_MAX_ATTEMPTS: '2',
    DASHBOARD_READONLY_USER: READONLY.user,
    DASHBOARD_READONLY_PASSWORD: READONLY.password,
  };
}

const closeReceivers = async (r: Receivers) => {
  await r.slack.close();
  await r.hook.close();
  await r.smtp.close();
};

/** Every channel received `n` messages (alerts are sent shortly after they are raised). */
const receivedEach = (t: TestApp, r: Receivers, n: number) =>
  t.waitFor(
    async () => r.slack.requests.length >= n && r.hook.requests.length >= n && r.smtp.mails.length >= n,
    `${n} message(s) on every channel`,
  );

let seq = 0;
function sampleAlert(kind: Alert['kind'] = 'hire_waiting', subject = `subject-${++seq}`): Alert {
  return {
    kind,
    subject,
    title: `Alert ${subject}`,
    person: `Person ${subject}`,
    company: 'Acme',
    what: `What happened to ${subject}`,
    link: `${PUBLIC_URL}/dashboard/jobs/${subject}`,
    syncJobId: null,
    at: new Date().toISOString(),
  };
}

describe('alerts: a hire failed for good, on every channel, once', () => {
  let t: TestApp;
  let r: Receivers;
  let alerts: AlertsService;
  beforeAll(async () => {
    r = await startReceivers();
    t = await startTestApp(alertEnv(r));
    alerts = t.started.app.get(AlertsService);
  });
  afterAll(async () => {
    await t.close();
    await closeReceivers(r);
  });

  let jobId: string;
  it('names the person, the company, what happened and links to the job, in Slack, e-mail and the signed webhook', async () => {
    t.sirh.enqueueFaults(REJECT);
    const { syncJobId } = await deliver(t, hiredDelivery(9101));
    jobId = syncJobId!;
    await waitForStatus(t, jobId, ['failed']);
    await receivedEach(t, r, 1);
    const link = `${PUBLIC_URL}/dashboard/jobs/${jobId}`;

    const slack = r.slack.requests[0];
    expect(slack.path).toBe(SLACK_PATH);
    expect(slack.headers['content-type']).toMatch(/^application\/json/);
    expect(slack.json.text).toBe("Hire failed for good: Hubert Delajaque (L'entreprise)");
    expect(slack.json.blocks).toHaveLength(1);
    const block = slack.json.blocks[0].text.text as string;
    expect(block).toContain('Person: Hubert Delajaque');
    expect(block).toContain("Company: L'entreprise");
    expect(block).toContain('could not be created in the HRIS after 1 attempt(s)');
    expect(block).toContain('SIRH answered 422: validation_failed');
    expect(block).toContain(`<${link}|Open in the dashboard>`);

    const mail = r.smtp.mails[0];
    expect(r.smtp.logins).toEqual([{ user: SMTP.user, ok: true }]);
    expect(mail.from).toBe('hirebridge@mail.test');
    expect(mail.to).toEqual(['ops@mail.test', 'hr@mail.test']);
    expect(mail.subject).toBe("[HireBridge] Hire failed for good: Hubert Delajaque (L'entreprise)");
    expect(mail.text).toContain('Person: Hubert Delajaque');
    expect(mail.text).toContain("Company: L'entreprise");
    expect(mail.text).toContain('hired as Account Executive');
    expect(mail.text).toContain(`Open in the dashboard: ${link}`);

    const hook = r.hook.requests[0];
    const headers = {
      id: hook.headers['webhook-id'],
      timestamp: hook.headers['webhook-timestamp'],
      signature: hook.headers['webhook-signature'],
    };
    expect(verifyStandardWebhook(WEBHOOK_SECRET, headers, Buffer.from(hook.raw))).toEqual({ ok: true });
    // The reference implementation agrees (it throws on a bad signature).
    expect(new Webhook(WEBHOOK_SECRET).verify(hook.raw, hook.headers)).toEqual(hook.json);
    // A body changed in transit no longer verifies.
    expect(verifyStandardWebhook(WEBHOOK_SECRET, headers, Buffer.from(hook.raw.replace('Hubert', 'Hubbert'))).ok).toBe(false);
    expect(hook.json).toMatchObject({
      type: 'alert.hire_failed',
      data: { kind: 'hire_failed', person: 'Hubert Delajaque', company: "L'entreprise", link, syncJobId: jobId },
    });
    expect(hook.json.data.what).toContain('SIRH answered 422');

    // The channels answered before the row says so: waited for.
    const rows = await t.waitFor(async () => {
      const found = (await t.db.query(`SELECT kind, subject, status, sent_as, alert FROM alerts_sent`)).rows;
      return found.every((x) => x.status !== 'sending') && found;
    }, 'the alert to be marked sent');
    // Sent: the words (the person's name) are not kept.
    expect(rows).toEqual([{ kind: 'hire_failed', subject: jobId, status: 'sent', sent_as: 'single', alert: null }]);
  });

  it('sends nothing more for the same job, from the hook, from the rules pass or from a second process', async () => {
    const before = r.slack.requests.length;
    alerts.hireFailedForGood(jobId);
    const rules = t.started.app.get(AlertRules);
    await rules.check();
    const second: StartedApp = await startApp({ ...t.env, APP_ROLE: 'api', PORT: '0' });
    try {
      const other = second.app.get(AlertsService);
      const same = sampleAlert('hire_waiting', `shared-${jobId}`);
      // Two processes raise the same alert at the same moment: one row, one sender.
      const raised = await Promise.all([alerts.raise(same), other.raise(same)]);
      expect(raised.sort()).toEqual([false, true]);
      await Promise.all([alerts.flush(), other.flush()]);
      await receivedEach(t, r, before + 1);
      await Promise.all([alerts.flush(), other.flush()]);
    } finally {
      await second.close();
    }
    expect(r.slack.requests.length).toBe(before + 1);
    expect(r.hook.requests.length).toBe(before + 1);
    expect(r.smtp.mails.length).toBe(before + 1);
    const kinds = (await t.db.query(`SELECT kind, count(*)::int AS n FROM alerts_sent GROUP BY kind ORDER BY kind`)).rows;
    expect(kinds).toEqual([
      { kind: 'hire_failed', n: 1 },
      { kind: 'hire_waiting', n: 1 },
    ]);
  });

  it('a connection refusing its credentials alerts once; working again says so once; failing again alerts again', async () => {
    const conn = { id: 'conn-1', name: 'Lucca prod', provider: 'lucca', companies: ["L'entreprise"], detail: '401 invalid API key' };
    const start = r.slack.requests.length;
    alerts.connectionFailing(conn);
    alerts.connectionFailing(conn);
    await t.waitFor(async () => r.slack.requests.length >= start + 1, 'the failing alert');
    await alerts.flush();
    expect(r.slack.requests.length).toBe(start + 1);
    expect(r.slack.requests[start].json.text).toBe('HRIS connection refused its credentials: Lucca prod');
    expect(r.slack.requests[start].json.blocks[0].text.text).toContain("Hires of L'entreprise wait until new credentials are saved.");

    alerts.connectionRecovered(conn);
    alerts.connectionRecovered(conn);
    await t.waitFor(async () => r.slack.requests.length >= start + 2, 'the recovery message');
    await alerts.flush();
    expect(r.slack.requests.length).toBe(start + 2);
    expect(r.slack.requests[start + 1].json.text).toBe('HRIS connection works again: Lucca prod');

    alerts.connectionFailing(conn);
    await t.waitFor(async () => r.slack.requests.length >= start + 3, 'the second failing alert');
    expect(r.slack.requests[start + 2].json.text).toBe('HRIS connection refused its credentials: Lucca prod');
  });

  it('a channel that fails does not stop the others, and the alert counts as sent once one took it', async () => {
    r.slack.answerWith(500, 'internal_error');
    try {
      const start = { slack: r.slack.requests.length, hook: r.hook.requests.length };
      expect(await alerts.raise(sampleAlert())).toBe(true);
      await alerts.flush();
      expect(r.hook.requests.length).toBe(start.hook + 1);
      expect(r.slack.requests.length).toBe(start.slack + 1);
      const [row] = (await t.db.query(`SELECT status, results FROM alerts_sent ORDER BY id DESC LIMIT 1`)).rows;
      expect(row.status).toBe('sent');
      expect(row.results).toEqual(
        expect.arrayContaining([
          { channel: 'slack', ok: false, detail: 'HTTP 500: internal_error' },
          { channel: 'webhook', ok: true, detail: 'HTTP 200' },
        ]),
      );
    } finally {
      r.slack.answerWith(200);
    }
  });
});

describe('alerts: digest', () => {
  let t: TestApp;
  let r: Receivers;
  let alerts: AlertsService;
  let sent: AlertsSentRepository;
  beforeAll(async () => {
    r = await startReceivers();
    t = await startTestApp(alertEnv(r));
    alerts = t.started.app.get(AlertsService);
    sent = t.started.app.get(AlertsSentRepository);
  });
  afterAll(async () => {
    await t.close();
    await closeReceivers(r);
  });

  it('sends a few alerts one by one, then one digest listing the rest, then holds new ones for the next digest', async () => {
    for (let i = 0; i < 3; i++) await sent.enqueue(sampleAlert());
    expect(await alerts.flush()).toBe(3);
    expect(r.slack.requests.map((q) => q.json.text)).toEqual([
      expect.stringMatching(/^Alert /),
      expect.stringMatching(/^Alert /),
      expect.stringMatching(/^Alert /),
    ]);

    // 3 already sent in the window and 4 more: past 5, the 4 go out as one message.
    const burst = [sampleAlert(), sampleAlert(), sampleAlert(), sampleAlert()];
    for (const a of burst) await sent.enqueue(a);
    expect(await alerts.flush()).toBe(4);
    expect(r.slack.requests).toHaveLength(4);
    expect(r.smtp.mails).toHaveLength(4);
    expect(r.hook.requests).toHaveLength(4);
    const digest = r.slack.requests[3].json;
    expect(digest.text).toBe('4 HireBridge alerts');
    const blocks = JSON.stringify(digest.blocks);
    for (const a of burst) {
      expect(blocks).toContain(a.title);
      expect(blocks).toContain(a.person);
    }
    expect(r.smtp.mails[3].subject).toBe('[HireBridge] 4 HireBridge alerts');
    for (const a of burst) expect(r.smtp.mails[3].text).toContain(a.what);
    const hook = r.hook.requests[3];
    expect(hook.json.type).toBe('alert.digest');
    expect(hook.json.data.alerts.map((a: Alert) => a.subject)).toEqual(burst.map((a) => a.subject));
    expect(
      verifyStandardWebhook(
        WEBHOOK_SECRET,
        { id: hook.headers['webhook-id'], timestamp: hook.headers['webhook-timestamp'], signature: hook.headers['webhook-signature'] },
        Buffer.from(hook.raw),
      ).ok,
    ).toBe(true);

    // Within the same window another alert waits: at most one digest per window.
    await sent.enqueue(sampleAlert());
    expect(await alerts.flush()).toBe(0);
    expect(r.slack.requests).toHaveLength(4);
    const rows = (await t.db.query(`SELECT status, sent_as, count(*)::int AS n FROM alerts_sent GROUP BY 1, 2 ORDER BY 1, 2`)).rows;
    expect(rows).toEqual([
      { status: 'pending', sent_as: null, n: 1 },
      { status: 'sent', sent_as: 'digest', n: 4 },
      { status: 'sent', sent_as: 'single', n: 3 },
    ]);
    // Once the window has passed (moved back here rather than waited for), it goes out.
    await t.db.query(
      `UPDATE alerts_sent SET sent_at = sent_at - interval '6 minutes', claimed_at = claimed_at - interval '6 minutes' WHERE status = 'sent'`,
    );
    expect(await alerts.flush()).toBe(1);
    expect(r.slack.requests).toHaveLength(5);
  });
});

describe('alerts: the rules', () => {
  let t: TestApp;
  let r: Receivers;
  let rules: AlertRules;
  beforeAll(async () => {
    r = await startReceivers();
    // The API role: no worker touches the hires, so they stay unfinished for as long as the test needs.
    t = await startTestApp({
      ...alertEnv(r),
      APP_ROLE: 'api',
      ALERT_WAITING_MINUTES: '30',
      ALERT_BACKLOG_MINUTES: '60',
      ALERT_SILENCE_DAYS: '2',
    });
    const app = t.started.app;
    rules = new AlertRules(
      app.get(AlertsService),
      app.get(AlertsSentRepository),
      app.get(SyncJobsRepository),
      app.get(DeliveriesRepository),
      app.get(AppConfigService),
    );
  });
  afterAll(async () => {
    await t.close();
    await closeReceivers(r);
  });

  const kinds = async () => (await t.db.query(`SELECT kind, subject FROM alerts_sent ORDER BY kind, subject`)).rows;

  it('alerts on a hire waiting for its connection too long, on the backlog, and on Flatchr being silent; once each', async () => {
    const waiting = (await deliver(t, hiredDelivery(9301))).syncJobId!;
    const fresh = (await deliver(t, hiredDelivery(9302))).syncJobId!;
    await t.db.query(`UPDATE sync_jobs SET status = 'waiting_connection', updated_at = now() - interval '31 minutes' WHERE id = $1`, [
      waiting,
    ]);
    await t.db.query(`UPDATE sync_jobs SET status = 'waiting_connection', updated_at = now() - interval '5 minutes' WHERE id = $1`, [
      fresh,
    ]);
    expect(await kinds()).toEqual([]);

    await rules.check();
    expect(await kinds()).toEqual([{ kind: 'hire_waiting', subject: waiting }]);

    // The oldest unsynced hire is now 2 hours old, and Flatchr last called 3 days ago.
    await t.db.query(`UPDATE sync_jobs SET created_at = now() - interval '2 hours' WHERE id = $1`, [waiting]);
    await t.db.query(`UPDATE deliveries SET received_at = now() - interval '3 days'`);
    await rules.check();
    await rules.check();
    expect(await kinds()).toEqual([
      { kind: 'backlog', subject: 'backlog' },
      { kind: 'flatchr_silent', subject: 'flatchr' },
      { kind: 'hire_waiting', subject: waiting },
    ]);
    await t.started.app.get(AlertsService).flush();
    const texts = r.slack.requests.map((q) => q.json.text as string);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Hire waiting for an HRIS connection: Hubert Delajaque \(L'entreprise\)$/),
        "Hires are not reaching the HRIS: oldest is Hubert Delajaque (L'entreprise)",
        'No delivery from Flatchr for 2 day(s)',
      ]),
    );
    const waitingMail = r.smtp.mails.find((m) => m.subject.includes('waiting'))!;
    expect(waitingMail.text).toMatch(/has been waiting 3\d minutes for a working HRIS connection for L'entreprise/);
    expect(waitingMail.text).toContain(`${PUBLIC_URL}/dashboard/jobs/${waiting}`);

    // The backlog clears: its episode ends, and the next backlog alerts again.
    await t.db.query(`UPDATE sync_jobs SET created_at = now()`);
    await t.db.query(`UPDATE deliveries SET received_at = now()`);
    await rules.check();
    expect((await kinds()).map((k) => k.kind)).toEqual(['hire_waiting']);
  });

  it('raises the alert of a hire that failed while no process raised it (a worker stopped in between)', async () => {
    const id = (await deliver(t, hiredDelivery(9303))).syncJobId!;
    await t.db.query(`UPDATE sync_jobs SET status = 'failed', finished_at = now(), last_error = 'SIRH answered 400: bad' WHERE id = $1`, [
      id,
    ]);
    await rules.check();
    expect((await kinds()).filter((k) => k.kind === 'hire_failed')).toEqual([{ kind: 'hire_failed', subject: id }]);
    const before = r.hook.requests.length;
    await t.started.app.get(AlertsService).flush();
    const hook = await t.waitFor(async () => r.hook.requests.slice(before).find((q) => q.json.data?.subject === id), 'the missed alert');
    expect(hook.json.data.what).toContain('SIRH answered 400: bad');
  });
});

describe('alerts: test endpoint and Settings page', () => {
  let t: TestApp;
  let r: Receivers;
  beforeAll(async () => {
    r = await startReceivers();
    t = await startTestApp(alertEnv(r));
  });
  afterAll(async () => {
    await t.close();
    await closeReceivers(r);
  });

  it('needs the operator account and CSRF proof', async () => {
    expect(
      (await fetch(`${t.url}/api/alerts/test`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    ).toBe(401);
    expect((await postAs(t, viewer, '/api/alerts/test', { json: {} })).status).toBe(403);
    // A form post without a token: what a cross-site page could send.
    expect((await postAs(t, ops, '/api/alerts/test', { form: { x: '1' } })).status).toBe(403);
    expect((await postAs(t, ops, '/api/alerts/test', { json: {}, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await postAs(t, ops, '/dashboard/settings/test-alert', { form: {} })).status).toBe(403);
    expect(r.slack.requests).toHaveLength(0);
    expect(r.smtp.mails).toHaveLength(0);
  });

  it('sends a test alert to every channel and answers per channel', async () => {
    const res = await postAs(t, ops, '/api/alerts/test', { json: {} });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      results: [
        { channel: 'slack', ok: true, detail: 'HTTP 200' },
        { channel: 'email', ok: true, detail: 'accepted for 2 of 2 recipient(s)' },
        { channel: 'webhook', ok: true, detail: 'HTTP 200' },
      ],
    });
    expect(r.slack.requests[0].json.text).toBe('Test alert from HireBridge');
    expect(r.smtp.mails[0].text).toContain('ops sent this test from the Settings page');
    expect(r.hook.requests[0].json.type).toBe('alert.test');
  });

  it('answers 502 naming the channel that failed, without its secrets', async () => {
    r.slack.answerWith(404, 'no_service');
    try {
      const res = await postAs(t, ops, '/api/alerts/test', { json: {} });
      expect(res.status).toBe(502);
      const body = (await res.json()) as { results: Array<{ channel: string; ok: boolean; detail: string }> };
      expect(body.results[0]).toEqual({ channel: 'slack', ok: false, detail: 'HTTP 404: no_service' });
      expect(body.results.slice(1).every((x) => x.ok)).toBe(true);
      expect(JSON.stringify(body)).not.toContain(SLACK_PATH);
    } finally {
      r.slack.answerWith(200);
    }
  });

  it('shows the channels on the Settings page with the secrets masked, and sends a test from its button', async () => {
    const res = await t.get('/dashboard/settings', ops);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/<tr data-channel="slack" data-configured="1">/);
    expect(page).toMatch(/<tr data-channel="email" data-configured="1">/);
    expect(page).toMatch(/<tr data-channel="webhook" data-configured="1">/);
    expect(page).toContain('ops@mail.test, hr@mail.test');
    for (const secret of [
      SLACK_PATH,
      'slack-secret-path',
      SMTP.pass,
      encodeURIComponent(SMTP.pass),
      WEBHOOK_SECRET,
      WEBHOOK_SECRET.slice(6),
    ]) {
      expect(page).not.toContain(secret);
    }
    expect(page).toContain('id="test-alert"');

    const before = r.hook.requests.length;
    const posted = await postAs(t, ops, '/dashboard/settings/test-alert', { form: { _csrf: csrfTokenFrom(page) } });
    expect(posted.status).toBe(200);
    const after = await posted.text();
    expect(after).toMatch(/<li data-channel="slack" data-ok="1">/);
    expect(after).toMatch(/<li data-channel="email" data-ok="1">/);
    expect(after).toMatch(/<li data-channel="webhook" data-ok="1">/);
    expect(r.hook.requests.length).toBe(before + 1);

    const readonlyPage = await (await t.get('/dashboard/settings', viewer)).text();
    expect(readonlyPage).not.toContain('id="test-alert"');
  });
});

describe('alerts: no channel configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('records nothing, answers 409 to a test, and the Settings page says how to configure one', async () => {
    expect(await t.started.app.get(AlertsService).raise(sampleAlert())).toBe(false);
    expect((await t.db.query('SELECT count(*)::int AS n FROM alerts_sent')).rows[0].n).toBe(0);
    const res = await postAs(t, ops, '/api/alerts/test', { json: {} });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ results: [] });
    const page = await (await t.get('/dashboard/settings', ops)).text();
    expect(page).toContain('No channel is configured');
    expect(page).not.toContain('id="test-alert"');
  });
});

describe('alerts: no channel secret in the service output', () => {
  let t: TestApp;
  let r: Receivers;
  beforeAll(async () => {
    r = await startReceivers();
    t = await startTestApp({ ...alertEnv(r), APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await t.close();
    await closeReceivers(r);
  });

  it('keeps the Slack URL, the SMTP password and the signing secret out of the logs, even when every channel fails', async () => {
    const wrongPass = 'wr0ng-smtp-Pa55';
    r.slack.answerWith(500, 'internal_error');
    r.hook.answerWith(401, 'bad signature');
    const env = { ...t.env, APP_ROLE: 'all', PORT: '0', SMTP_URL: r.smtp.url.replace(encodeURIComponent(SMTP.pass), wrongPass) };
    const service = await spawnService(env);
    try {
      t.sirh.enqueueFaults(REJECT);
      const res = await fetch(`${service.url}/webhooks/flatchr?token=${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(hiredDelivery(9501)),
      });
      expect(res.status).toBe(202);
      const { syncJobId } = (await res.json()) as { syncJobId: string };
      const test = await fetch(`${service.url}/api/alerts/test`, {
        method: 'POST',
        headers: { ...ops, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(test.status).toBe(502);
      const body = JSON.stringify(await test.json());
      await t.waitFor(async () => /Alert channel email failed/.test(service.output()), 'the failed alert to be logged');
      expect(r.smtp.logins.some((l) => !l.ok)).toBe(true);
      // Every channel failed; the job's outcome is the worker's all the same.
      expect((await t.db.query('SELECT status FROM sync_jobs WHERE id = $1', [syncJobId])).rows[0].status).toBe('failed');

      const output = service.output() + body;
      expect(output).toContain('Alert channel slack failed: HTTP 500');
      for (const secret of [
        r.slack.url,
        SLACK_PATH,
        'slack-secret-path',
        wrongPass,
        env.SMTP_URL,
        WEBHOOK_SECRET,
        WEBHOOK_SECRET.slice('whsec_'.length),
      ]) {
        expect(output).not.toContain(secret);
      }
    } finally {
      r.slack.answerWith(200);
      r.hook.answerWith(200);
      service.child.signal('SIGTERM');
      await service.exited;
    }
  });
});
