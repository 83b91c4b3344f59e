import { HrisHttp } from '../../hris/hris-http';
import { hiBobDefinition } from '../../hris/hibob/hibob.definition';
import type { SharedCache } from '../../hris/shared-cache';
import { hiBobMockEntry } from './hibob-mock.entry';

describe('start:mock --vendor hibob', () => {
  it('prints the lag and a connection that passes the connection test against the running mock', async () => {
    const mock = await hiBobMockEntry.start({ host: '127.0.0.1', port: 0, extra: { lagMs: '5000', sites: 'Paris, Berlin' } });
    try {
      const [lag, line] = mock.banner.split('\n');
      expect(lag).toBe('reads lag writes by 5000 ms');
      const connection = JSON.parse(line.replace(/^connection: /, ''));
      expect(hiBobDefinition.validateSettings(connection.settings, true)).toEqual([]);
      const connector = hiBobDefinition.create(
        { id: 'demo', name: 'demo', ...connection },
        { http: new HrisHttp({ vendor: 'HiBob', origin: mock.url, timeoutMs: 5000 }), cache: {} as SharedCache, now: () => new Date() },
      );
      expect(await connector.testConnection()).toEqual({ ok: true, detail: 'HiBob answered with 2 sites, "Paris" among them' });
    } finally {
      await mock.close();
    }
  });
});
