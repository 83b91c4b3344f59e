import type { FastifyRequest } from 'fastify';
import { AppConfigService } from '../config/app-config.service';
import type { AppEnv } from '../config/env.schema';
import { CsrfService } from './csrf';

const config = (password: string) => new AppConfigService({ DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: password } as unknown as AppEnv);
const req = (headers: Record<string, string>, body?: unknown) =>
  ({ headers: { host: 'hb.example', ...headers }, body }) as unknown as FastifyRequest;

describe('CsrfService', () => {
  const csrf = new CsrfService(config('ops-password-1'));

  it('accepts its own fresh token for the same user only', () => {
    const now = Date.now();
    const token = csrf.issue('ops', now);
    expect(csrf.verify('ops', token, now)).toBe(true);
    expect(csrf.verify('viewer', token, now)).toBe(false);
    expect(
      csrf.verify(
        'ops',
        token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        now,
      ),
    ).toBe(false);
    expect(csrf.verify('ops', undefined, now)).toBe(false);
  });

  it('expires tokens after 12 hours and invalidates them when the password changes', () => {
    const issued = Date.now() - 13 * 3600 * 1000;
    expect(csrf.verify('ops', csrf.issue('ops', issued))).toBe(false);
    expect(new CsrfService(config('another-password')).verify('ops', csrf.issue('ops'))).toBe(false);
  });

  it('accepts a token up to exactly 12 hours old, and refuses it a millisecond later', () => {
    const issued = 1_764_000_000_000;
    const token = csrf.issue('ops', issued);
    const TTL = 12 * 3600 * 1000;
    expect(csrf.verify('ops', token, issued + TTL)).toBe(true);
    expect(csrf.verify('ops', token, issued + TTL + 1)).toBe(false);
  });

  it('accepts a token dated up to a minute ahead (clock skew between replicas), not more', () => {
    const now = 1_764_000_000_000;
    expect(csrf.verify('ops', csrf.issue('ops', now + 60_000), now)).toBe(true);
    expect(csrf.verify('ops', csrf.issue('ops', now + 60_001), now)).toBe(false);
    expect(csrf.verify('ops', csrf.issue('ops', now + 365 * 24 * 3600 * 1000), now)).toBe(false);
  });

  it('refuses a token whose timestamp was changed, or that is not a token at all', () => {
    const now = 1_764_000_000_000;
    const [, mac] = csrf.issue('ops', now).split('.');
    // Moving the date (to outlive the expiry) breaks the MAC.
    expect(csrf.verify('ops', `${(now + 1000).toString(36)}.${mac}`, now)).toBe(false);
    for (const junk of ['', '.', 'abc', `${now.toString(36)}.`, `.${mac}`, 42, null, {}]) expect(csrf.verify('ops', junk, now)).toBe(false);
  });

  it('takes the token from the form field or the header; JSON bodies pass; cross-site never does', () => {
    const token = csrf.issue('ops');
    expect(csrf.check(req({ 'content-type': 'application/x-www-form-urlencoded' }, { _csrf: token }), 'ops')).toBe(true);
    expect(csrf.check(req({ 'x-csrf-token': token }), 'ops')).toBe(true);
    expect(csrf.check(req({ 'content-type': 'application/x-www-form-urlencoded' }, {}), 'ops')).toBe(false);
    expect(csrf.check(req({ 'content-type': 'text/plain' }, '{}'), 'ops')).toBe(false);
    expect(csrf.check(req({ 'content-type': 'application/json' }, {}), 'ops')).toBe(true);
    expect(csrf.check(req({ 'content-type': 'application/json', origin: 'https://evil.example' }, {}), 'ops')).toBe(false);
    expect(csrf.check(req({ 'x-csrf-token': token, 'sec-fetch-site': 'cross-site' }), 'ops')).toBe(false);
    expect(csrf.check(req({ 'x-csrf-token': token, origin: 'http://hb.example' }), 'ops')).toBe(true);
  });
});
