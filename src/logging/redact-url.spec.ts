import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the token wherever it stands in the query', () => {
    expect(redactUrl('/webhooks/flatchr?token=s3cret')).toBe('/webhooks/flatchr?token=[REDACTED]');
    expect(redactUrl('/webhooks/flatchr?a=1&TOKEN=s3cret&b=2')).toBe('/webhooks/flatchr?a=1&TOKEN=[REDACTED]&b=2');
  });

  it.each([
    ['a percent-encoded letter', '/webhooks/flatchr?%74oken=s3cret', '/webhooks/flatchr?%74oken=[REDACTED]'],
    ['another encoded letter', '/webhooks/flatchr?tok%65n=s3cret', '/webhooks/flatchr?tok%65n=[REDACTED]'],
    ['every letter encoded', '/webhooks/flatchr?%54%6F%4B%45%4E=s3cret', '/webhooks/flatchr?%54%6F%4B%45%4E=[REDACTED]'],
    ['a repeated name', '/webhooks/flatchr?token=s3cret&token=s3cret2', '/webhooks/flatchr?token=[REDACTED]&token=[REDACTED]'],
    [
      'an array name',
      '/webhooks/flatchr?token[]=s3cret&token%5B1%5D=s3cret',
      '/webhooks/flatchr?token[]=[REDACTED]&token%5B1%5D=[REDACTED]',
    ],
    ['an encoded value', '/webhooks/flatchr?token=%73%33cret', '/webhooks/flatchr?token=[REDACTED]'],
    ['a malformed escape after the name', '/webhooks/flatchr?%74oken%=s3cret', '/webhooks/flatchr?%74oken%=[REDACTED]'],
    ['a plus in the name', '/x?api+key=s3cret', '/x?api+key=[REDACTED]'],
    ['a fragment after the query', '/x?token=s3cret#top', '/x?token=[REDACTED]#top'],
  ])('hides the value of a secret name spelled with %s', (_, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain('s3cret');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl('/api/sync-jobs?status=failed')).toBe('/api/sync-jobs?status=failed');
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl('/api/sync-jobs?q=a%20b&page=2')).toBe('/api/sync-jobs?q=a%20b&page=2');
  });
});
