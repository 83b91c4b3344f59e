import type { VendorMockEntry } from '../vendor-mock';
import { startHiBobMock } from './hibob-mock.server';

/** `npm run start:mock -- --vendor hibob [--set lagMs=20000] [--set sites=Paris,London] [--set token=...]` */
export const hiBobMockEntry: VendorMockEntry = {
  vendor: 'hibob',
  usage: '--set serviceUserId=<id> --set token=<token> --set sites=Paris,London --set lagMs=20000',
  async start({ host, port, extra }) {
    const mock = await startHiBobMock({
      host,
      port,
      serviceUserId: extra.serviceUserId,
      token: extra.token,
      sites: extra.sites ? extra.sites.split(',').map((s) => s.trim()) : undefined,
      lagMs: extra.lagMs !== undefined ? Number(extra.lagMs) : undefined,
    });
    const connection = {
      provider: 'hibob',
      baseUrl: mock.url,
      credentials: { serviceUserId: mock.serviceUserId, token: mock.token },
      settings: { site: 'Paris' },
    };
    return {
      url: mock.url,
      close: () => mock.close(),
      banner: `reads lag writes by ${mock.lagMs} ms\nconnection: ${JSON.stringify(connection)}`,
    };
  },
};
