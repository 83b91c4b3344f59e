import type { VendorMockEntry } from '../vendor-mock';
import { PersonioMockOptions, startPersonioMock } from './personio-mock.server';

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
const number = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--set ${name}= takes a whole number, not "${value}"`);
  return Number(value);
};
function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`--set ${name}= takes ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
}

/** `npm run start:mock -- --vendor personio`. */
export const personioMockEntry: VendorMockEntry = {
  vendor: 'personio',
  usage:
    '--set clientId=.. clientSecret=.. tokenTtlMs=86400000 authLimitPerMinute=60 authDelayMs=0 departments=Engineering,Sales offices=Paris ' +
    'subcompanies=ACME queryCredentials=rejected|accepted wrongCredentialsStatus=401|403 metaShape=strings|objects',
  async start({ host, port, extra }) {
    const wrong = oneOf('wrongCredentialsStatus', extra.wrongCredentialsStatus, ['401', '403'] as const);
    const options: PersonioMockOptions = {
      host,
      port,
      clientId: extra.clientId,
      clientSecret: extra.clientSecret,
      tokenTtlMs: number('tokenTtlMs', extra.tokenTtlMs),
      authLimitPerMinute: number('authLimitPerMinute', extra.authLimitPerMinute),
      authDelayMs: number('authDelayMs', extra.authDelayMs),
      departments: list(extra.departments),
      offices: list(extra.offices),
      subcompanies: list(extra.subcompanies),
      queryCredentials: oneOf('queryCredentials', extra.queryCredentials, ['rejected', 'accepted'] as const),
      wrongCredentialsStatus: wrong === undefined ? undefined : (Number(wrong) as 401 | 403),
      metaShape: oneOf('metaShape', extra.metaShape, ['strings', 'objects'] as const),
    };
    const mock = await startPersonioMock(options);
    const connection = {
      provider: 'personio',
      name: 'Personio (mock)',
      baseUrl: mock.url,
      credentials: { clientId: mock.clientId, clientSecret: mock.clientSecret },
      settings: { department: options.departments?.[0] ?? 'Engineering', office: options.offices?.[0] ?? 'Paris', position: 'New hire' },
    };
    return { ...mock, banner: `connection:\n${JSON.stringify(connection, null, 2)}` };
  },
};
