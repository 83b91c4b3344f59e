import { hrisDefinition } from '../hris-registry';
import { factorialDefinition, placementOf } from './factorial.definition';

describe('factorialDefinition', () => {
  it('is registered, with an API key and the documented host', () => {
    expect(hrisDefinition('factorial')).toBe(factorialDefinition);
    expect(factorialDefinition.credentialFields).toEqual(['apiKey']);
    expect(factorialDefinition.documentedOrigin({})).toBe('https://api.factorialhr.com');
  });

  it('requires the company id and checks the optional placement ids', () => {
    expect(factorialDefinition.validateSettings({}, true)).toEqual([
      { field: 'settings.companyId', message: expect.stringMatching(/required/) },
    ]);
    expect(factorialDefinition.validateSettings({ companyId: 3, legalEntityId: '4', teamId: 5 }, false)).toEqual([]);
    expect(factorialDefinition.validateSettings({ companyId: '3', locationId: { id: 1 } }, false)).toEqual([
      { field: 'settings.locationId', message: expect.any(String) },
    ]);
  });

  it('keeps every id as a string', () => {
    expect(placementOf({ companyId: 3, teamId: 5 })).toEqual({ companyId: '3', legalEntityId: null, locationId: null, teamId: '5' });
  });
});
