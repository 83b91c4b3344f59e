import type { Alert } from './alert';
import { emailHtml, plainText, slackPayload, webhookPayload } from './alert-message';
import { channelSecrets, describeChannels, scrubSecrets } from './channels/alert-channels';

const alert = (n: number, extra: Partial<Alert> = {}): Alert => ({
  kind: 'hire_failed',
  subject: `job-${n}`,
  title: `Hire failed for good: Person ${n} (Acme)`,
  person: `Person ${n}`,
  company: 'Acme',
  what: `What happened ${n}`,
  link: `https://hb.example.com/dashboard/jobs/job-${n}`,
  syncJobId: `job-${n}`,
  at: '2026-11-30T10:00:00.000Z',
  ...extra,
});

describe('alert messages', () => {
  it("escapes Slack's control characters and links with <url|label>", () => {
    const p = slackPayload({ kind: 'single', alert: alert(1, { person: '<!channel> & Co', title: 'a <b>' }) });
    expect(p.text).toBe('a &lt;b&gt;');
    const text = (p.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toContain('Person: &lt;!channel&gt; &amp; Co');
    expect(text).toContain('<https://hb.example.com/dashboard/jobs/job-1|Open in the dashboard>');
  });

  it('gives a bare dashboard path as text when PUBLIC_URL is not set', () => {
    const text = (
      slackPayload({ kind: 'single', alert: alert(1, { link: '/dashboard/jobs/job-1' }) }).blocks[0] as { text: { text: string } }
    ).text.text;
    expect(text).toContain('Open in the dashboard: /dashboard/jobs/job-1');
  });

  it("keeps a long digest within Slack's 50 blocks and says how many are left out", () => {
    const alerts = Array.from({ length: 60 }, (_, i) => alert(i));
    const p = slackPayload({ kind: 'digest', alerts });
    expect(p.text).toBe('60 HireBridge alerts');
    expect(p.blocks).toHaveLength(50);
    expect(JSON.stringify(p.blocks[49])).toContain('… +12');
    // E-mail and webhook carry every one.
    expect(plainText({ kind: 'digest', alerts })).toContain('Person 59');
    const hook = webhookPayload({ kind: 'digest', alerts }, new Date('2026-11-30T10:00:00Z')) as {
      data: { count: number; alerts: unknown[] };
    };
    expect(hook.data.count).toBe(60);
    expect(hook.data.alerts).toHaveLength(60);
  });

  it('escapes HTML in e-mails', () => {
    const out = emailHtml({ kind: 'single', alert: alert(1, { person: '<img src=x onerror=alert(1)>' }) });
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('channel secrets', () => {
  const config = {
    slackWebhookUrl: 'https://hooks.slack.com/services/T0/B0/abcdef123456',
    email: { smtpUrl: 'smtp://mailer:p%40ss-word@smtp.example.com:587', from: 'a@example.com', to: ['b@example.com'] },
    webhook: { url: 'https://receiver.example.com/in?token=tok-123456', secret: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5' },
    waitingMinutes: 30,
    backlogMinutes: 60,
    silenceDays: null,
  };

  it('scrubs every secret from a text, decoded or not', () => {
    const text = `failed https://hooks.slack.com/services/T0/B0/abcdef123456 p@ss-word p%40ss-word c2VjcmV0LXNpZ25pbmcta2V5 token=tok-123456`;
    const out = scrubSecrets(text, channelSecrets(config));
    for (const s of ['abcdef123456', 'p@ss-word', 'p%40ss-word', 'c2VjcmV0LXNpZ25pbmcta2V5', 'tok-123456']) expect(out).not.toContain(s);
  });

  it('describes where each channel goes without its secret', () => {
    const text = JSON.stringify(describeChannels(config));
    expect(text).toContain('https://hooks.slack.com/…');
    expect(text).toContain('smtp://mailer:•••@smtp.example.com:587');
    expect(text).toContain('https://receiver.example.com/…');
    for (const s of ['abcdef123456', 'p%40ss-word', 'p@ss-word', 'c2VjcmV0', 'tok-123456', '/services/']) expect(text).not.toContain(s);
  });
});
