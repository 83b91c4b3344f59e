import { AppConfigService } from '../config/app-config.service';
import { ConfigValidationError, loadAppEnv } from '../config/load-config';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: 'redis://127.0.0.1:6379',
  WEBHOOK_TOKEN: 'a-long-enough-secret-token',
  SIRH_BASE_URL: 'http://127.0.0.1:4000',
  SIRH_API_KEY: 'key',
  DASHBOARD_USER: 'ops',
  DASHBOARD_PASSWORD: 'long-password',
};
const SECRET = `whsec_${Buffer.from('0123456789abcdef0123').toString('base64')}`;

function problems(env: Record<string, string>): string[] {
  try {
    loadAppEnv(env);
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.problems;
    throw e;
  }
  return [];
}

describe('alert configuration', () => {
  it('is off by default, with the documented thresholds', () => {
    expect(new AppConfigService(loadAppEnv(base)).alerts).toEqual({
      slackWebhookUrl: null,
      email: null,
      webhook: null,
      waitingMinutes: 30,
      backlogMinutes: 60,
      silenceDays: null,
    });
    expect(new AppConfigService(loadAppEnv(base)).publicUrl).toBeNull();
  });

  it('reads every channel, the recipients as a list and PUBLIC_URL without its trailing slash', () => {
    const config = new AppConfigService(
      loadAppEnv({
        ...base,
        ALERT_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
        SMTP_URL: 'smtp://user:pass@smtp.example.com:587',
        ALERT_EMAIL_FROM: 'HireBridge <alerts@example.com>',
        ALERT_EMAIL_TO: ' ops@example.com , hr@example.com,',
        ALERT_WEBHOOK_URL: 'https://receiver.example.com/hook',
        ALERT_WEBHOOK_SECRET: SECRET,
        ALERT_WAITING_MINUTES: '15',
        ALERT_BACKLOG_MINUTES: '90',
        ALERT_SILENCE_DAYS: '3',
        PUBLIC_URL: 'https://hirebridge.example.com/',
      }),
    );
    expect(config.alerts).toEqual({
      slackWebhookUrl: 'https://hooks.slack.com/services/T/B/x',
      email: {
        smtpUrl: 'smtp://user:pass@smtp.example.com:587',
        from: 'HireBridge <alerts@example.com>',
        to: ['ops@example.com', 'hr@example.com'],
      },
      webhook: { url: 'https://receiver.example.com/hook', secret: SECRET },
      waitingMinutes: 15,
      backlogMinutes: 90,
      silenceDays: 3,
    });
    expect(config.publicUrl).toBe('https://hirebridge.example.com');
  });

  it('names each missing or bad variable on its own line, without echoing a secret', () => {
    const found = problems({
      ...base,
      SMTP_URL: 'http://user:s3cret-pass@smtp.example.com',
      ALERT_WEBHOOK_URL: 'https://receiver.example.com/hook',
      ALERT_SLACK_WEBHOOK_URL: 'hooks.slack.com/services/secret-path',
      ALERT_WAITING_MINUTES: 'half an hour',
      PUBLIC_URL: 'hirebridge',
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual([
      'ALERT_EMAIL_FROM',
      'ALERT_EMAIL_TO',
      'ALERT_SLACK_WEBHOOK_URL',
      'ALERT_WAITING_MINUTES',
      'ALERT_WEBHOOK_SECRET',
      'PUBLIC_URL',
      'SMTP_URL',
    ]);
    expect(found).toContain('ALERT_WEBHOOK_SECRET: not set (whsec_<base64>; needed with ALERT_WEBHOOK_URL)');
    expect(found).toContain('ALERT_WAITING_MINUTES: must be a whole number, got "half an hour"');
    const text = found.join('\n');
    expect(text).not.toContain('s3cret-pass');
    expect(text).not.toContain('secret-path');
  });

  it('refuses a malformed signing secret and bad recipients', () => {
    const found = problems({
      ...base,
      ALERT_WEBHOOK_URL: 'https://receiver.example.com/hook',
      ALERT_WEBHOOK_SECRET: 'not-a-whsec-secret',
      SMTP_URL: 'smtp://smtp.example.com:25',
      ALERT_EMAIL_FROM: 'alerts@example.com',
      ALERT_EMAIL_TO: 'ops@example.com, nobody',
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['ALERT_EMAIL_TO', 'ALERT_WEBHOOK_SECRET']);
    expect(found.join('\n')).not.toContain('not-a-whsec-secret');
  });

  it('refuses an SMTP URL that does not parse whole, without echoing it', () => {
    for (const SMTP_URL of ['smtp://user:p ss@[bad:587', 'smtp://', 'smtps:///nohost']) {
      const found = problems({ ...base, SMTP_URL, ALERT_EMAIL_FROM: 'a@example.com', ALERT_EMAIL_TO: 'b@example.com' });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^SMTP_URL: must be smtp:\/\/user:pass@host:587/);
      expect(found[0]).not.toContain('p ss');
    }
  });
});
