import type { VendorMockEntry } from '../vendor-mock';
import { startLuccaMock } from './lucca-mock.server';
import { DEFAULT_ARCHETYPES, DuplicateEmailReading } from './lucca-mock.tenant';

const READINGS: readonly DuplicateEmailReading[] = ['bad-request', 'conflict'];

/** `npm run start:mock -- --vendor lucca [--set apiKey=...] [--set duplicateEmail=conflict] [--set requestsPerMinute=50]` */
export const luccaMockEntry: VendorMockEntry = {
  vendor: 'lucca',
  usage: '--set apiKey=<key> (default dev-lucca-key), --set duplicateEmail=bad-request|conflict, --set requestsPerMinute=<n> (default 50)',
  async start({ host, port, extra }) {
    const duplicateEmail = (extra.duplicateEmail ?? 'bad-request') as DuplicateEmailReading;
    if (!READINGS.includes(duplicateEmail)) throw new Error(`duplicateEmail must be one of ${READINGS.join(', ')}`);
    const requestsPerMinute = extra.requestsPerMinute === undefined ? 50 : Number(extra.requestsPerMinute);
    if (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 1) throw new Error('requestsPerMinute must be a positive integer');
    const mock = await startLuccaMock({ host, port, apiKey: extra.apiKey ?? 'dev-lucca-key', duplicateEmail, requestsPerMinute });
    const connection = {
      provider: 'lucca',
      baseUrl: mock.url,
      credentials: { apiKey: mock.apiKey },
      settings: { legalEntityId: 1, departmentId: 1, establishmentId: 1 },
    };
    const banner = [
      `connection: ${JSON.stringify(connection)}`,
      `archetypes: ${DEFAULT_ARCHETYPES.map((a) => `${a.id} ${a.name}`).join(', ')}`,
      `duplicate email answered as: ${duplicateEmail}; ${requestsPerMinute} requests/minute`,
    ].join('\n');
    return { url: mock.url, close: () => mock.close(), banner };
  },
};
