import { hrisDefinition } from '../hris-registry';
import { luccaDefinition } from './lucca.definition';

describe('luccaDefinition', () => {
  it('is registered, needs a baseUrl and an apiKey, and stays well under 50 requests a minute', () => {
    expect(hrisDefinition('lucca')).toBe(luccaDefinition);
    expect(luccaDefinition.credentialFields).toEqual(['apiKey']);
    expect(luccaDefinition.documentedOrigin({ legalEntityId: 1 })).toBeNull();
    expect(luccaDefinition.defaultRequestsPerMinute).toBeLessThanOrEqual(30);
  });

  it('accepts ids as numbers or digit strings, contract templates per canonical type', () => {
    const settings = { legalEntityId: '3', departmentId: 14, establishmentId: 2, contractTemplates: { CDI: 1, DEFAULT: '4' } };
    expect(luccaDefinition.validateSettings(settings, true)).toEqual([]);
  });

  it('lists every missing or invalid setting, field by field', () => {
    const errors = luccaDefinition.validateSettings(
      { departmentId: 'sales', establishmentId: -1, contractTemplates: { CDI: 'x', PERMANENT: 1 }, requestsPerMinute: 60 },
      false,
    );
    expect(errors.map((e) => e.field)).toEqual([
      'baseUrl',
      'settings.legalEntityId',
      'settings.departmentId',
      'settings.establishmentId',
      'settings.contractTemplates.CDI',
      'settings.contractTemplates.PERMANENT',
      'settings.requestsPerMinute',
    ]);
    expect(errors[1].message).toMatch(/^required/);
    expect(errors[2].message).toMatch(/positive integer/);
  });
});
