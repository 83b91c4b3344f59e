import { HrisHttp } from '../../hris/hris-http';
import { bambooHrDefinition } from '../../hris/bamboohr/bamboohr.definition';
import type { SharedCache } from '../../hris/shared-cache';
import { bambooHrMockEntry } from './bamboohr-mock.entry';

describe('start:mock --vendor bamboohr', () => {
  it('prints a connection that passes the connection test against the running mock', async () => {
    const mock = await bambooHrMockEntry.start({ host: '127.0.0.1', port: 0, extra: { apiKey: 'demo-key' } });
    try {
      const connection = JSON.parse(mock.banner.replace(/^connection: /, ''));
      expect(connection.credentials).toEqual({ apiKey: 'demo-key' });
      expect(bambooHrDefinition.validateSettings(connection.settings, true)).toEqual([]);
      const connector = bambooHrDefinition.create(
        { id: 'demo', name: 'demo', ...connection },
        { http: new HrisHttp({ vendor: 'BambooHR', origin: mock.url, timeoutMs: 5000 }), cache: {} as SharedCache, now: () => new Date() },
      );
      expect(await connector.testConnection()).toMatchObject({ ok: true });
    } finally {
      await mock.close();
    }
  });
});
