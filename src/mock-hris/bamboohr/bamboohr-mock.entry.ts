import type { VendorMockEntry } from '../vendor-mock';
import { startBambooHrMock } from './bamboohr-mock.server';

/** `npm run start:mock -- --vendor bamboohr [--set apiKey=...] [--set directoryDisabled=true] [--set employeeLimit=N] ...` */
export const bambooHrMockEntry: VendorMockEntry = {
  vendor: 'bamboohr',
  usage:
    '--set apiKey=<key> --set directoryDisabled=true --set employeeLimit=<n> --set onDuplicateEmail=conflict|accept --set throttleStatus=503|429',
  async start({ host, port, extra }) {
    const throttleStatus = extra.throttleStatus === '429' ? 429 : 503;
    const mock = await startBambooHrMock({
      host,
      port,
      apiKey: extra.apiKey,
      directoryDisabled: extra.directoryDisabled === 'true',
      employeeLimit: extra.employeeLimit !== undefined ? Number(extra.employeeLimit) : null,
      onDuplicateEmail: extra.onDuplicateEmail === 'accept' ? 'accept' : 'conflict',
      throttleStatus,
    });
    const connection = {
      provider: 'bamboohr',
      baseUrl: mock.url,
      credentials: { apiKey: mock.apiKey },
      settings: { companyDomain: 'acme', department: 'Sales', location: 'Paris' },
    };
    return { url: mock.url, close: () => mock.close(), banner: `connection: ${JSON.stringify(connection)}` };
  },
};
