import { AppConfigService } from '../config/app-config.service';
import type { AppEnv } from '../config/env.schema';
import { authenticate } from './basic-auth.guard';

const config = new AppConfigService({
  DASHBOARD_USER: 'ops',
  DASHBOARD_PASSWORD: 'ops:pass:word',
  DASHBOARD_READONLY_USER: 'viewer',
  DASHBOARD_READONLY_PASSWORD: 'viewer-password-1',
} as unknown as AppEnv);
const header = (credentials: string, scheme = 'Basic') => `${scheme} ${Buffer.from(credentials, 'utf8').toString('base64')}`;

describe('authenticate (HTTP Basic)', () => {
  it('knows the operator and the read-only account, a password containing ":" included', () => {
    expect(authenticate(config, header('ops:ops:pass:word'))).toEqual({ user: 'ops', role: 'operator' });
    expect(authenticate(config, header('viewer:viewer-password-1'))).toEqual({ user: 'viewer', role: 'readonly' });
  });

  it('takes the scheme in any case and tolerates extra spaces after it', () => {
    expect(authenticate(config, header('ops:ops:pass:word', 'basic'))).toEqual({ user: 'ops', role: 'operator' });
    expect(authenticate(config, header('ops:ops:pass:word', 'BASIC  '))).toEqual({ user: 'ops', role: 'operator' });
  });

  it.each([
    ['a wrong user with the right password', 'admin:ops:pass:word'],
    ["the read-only password on the operator's name", 'ops:viewer-password-1'],
    ["the operator's password on the read-only name", 'viewer:ops:pass:word'],
    ['a password cut at its first ":"', 'ops:ops'],
    ['the user without a password', 'ops:'],
    ['no colon at all', 'ops'],
    ['an empty user and password', ':'],
    ['a password with a trailing space', 'ops:ops:pass:word '],
    ['a user in another case', 'OPS:ops:pass:word'],
  ])('refuses %s', (_what, credentials) => {
    expect(authenticate(config, header(credentials))).toBeNull();
  });

  it('refuses other schemes and malformed headers', () => {
    expect(authenticate(config, undefined)).toBeNull();
    expect(authenticate(config, '')).toBeNull();
    expect(authenticate(config, header('ops:ops:pass:word', 'Bearer'))).toBeNull();
    expect(authenticate(config, `Basic${Buffer.from('ops:ops:pass:word').toString('base64')}`)).toBeNull();
    expect(authenticate(config, 'Basic !!!not-base64!!!')).toBeNull();
  });

  it('without a read-only account, an empty read-only login gets nothing', () => {
    const only = new AppConfigService({ DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'ops-password-1' } as unknown as AppEnv);
    expect(authenticate(only, header(':'))).toBeNull();
    expect(authenticate(only, header('ops:ops-password-1'))).toEqual({ user: 'ops', role: 'operator' });
  });
});
