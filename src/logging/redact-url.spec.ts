import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the token wherever it stands in the query', () => {
    expect(redactUrl('/webhooks/flatchr?token=s3cret')).toBe('/webhooks/flatchr?token=[REDACTED]');
    expect(redactUrl('/webhooks/flatchr?a=1&TOKEN=s3cret&b=2')).toBe('/webhooks/flatchr?a=1&TOKEN=[REDACTED]&b=2');
  });
  it('leaves other URLs alone', () => {
    expect(redactUrl('/api/sync-jobs?status=failed')).toBe('/api/sync-jobs?status=failed');
    expect(redactUrl('/health')).toBe('/health');
  });
});
