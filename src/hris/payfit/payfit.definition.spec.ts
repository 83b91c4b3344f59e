import { hrisDefinition } from '../hris-registry';
import { payfitDefinition } from './payfit.definition';

describe('payfitDefinition', () => {
  it('is registered, with an API key, the documented host and a budget well below PayFit limits', () => {
    expect(hrisDefinition('payfit')).toBe(payfitDefinition);
    expect(payfitDefinition.credentialFields).toEqual(['apiKey']);
    expect(payfitDefinition.documentedOrigin({})).toBe('https://partner-api.payfit.com');
    expect(payfitDefinition.defaultRequestsPerMinute).toBeLessThan(20 * 60);
  });

  it('requires the company id, even with a baseUrl (it is in the paths)', () => {
    expect(payfitDefinition.validateSettings({}, true)).toEqual([
      { field: 'settings.companyId', message: expect.stringMatching(/required/) },
    ]);
    expect(payfitDefinition.validateSettings({ companyId: ' 5f1a ' }, false)).toEqual([]);
  });
});
