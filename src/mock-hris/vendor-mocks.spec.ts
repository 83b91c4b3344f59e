import { VENDOR_MOCKS } from './vendor-mocks';

describe('VENDOR_MOCKS', () => {
  it.each(['payfit', 'factorial'])('starts the %s mock with a banner naming the connection it needs', async (vendor) => {
    const entry = VENDOR_MOCKS.find((m) => m.vendor === vendor)!;
    const mock = await entry.start({ host: '127.0.0.1', port: 0, extra: { apiKey: 'k-1' } });
    try {
      expect(mock.banner).toContain(`"provider":"${vendor}"`);
      expect(mock.banner).toContain('"apiKey":"k-1"');
      expect(mock.banner).toContain('"companyId"');
    } finally {
      await mock.close();
    }
  });

  it('refuses a misspelt option value', async () => {
    const entry = VENDOR_MOCKS.find((m) => m.vendor === 'payfit')!;
    await expect(entry.start({ host: '127.0.0.1', port: 0, extra: { contractAnswer: 'nothing' } })).rejects.toThrow(/id or empty/);
  });
});
