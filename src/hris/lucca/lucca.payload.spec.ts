import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { archetypeFor, missingForLucca, toLuccaUserPayload, toLuccaWorkContractPayload } from './lucca.payload';

const record = (overrides: Partial<EmployeeRecord> = {}): EmployeeRecord => ({
  ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord),
  startDate: '2027-01-04',
  contractType: 'CDI',
  ...overrides,
});
const placement = { legalEntityId: 3, departmentId: 14, establishmentId: 7 };

describe('toLuccaUserPayload', () => {
  it('maps the record to the v3 user fields, login = work email, date at midnight', () => {
    expect(toLuccaUserPayload(record(), placement)).toEqual({
      firstName: 'Hubert',
      lastName: 'Delajaque',
      mail: 'delajaque@mail.com',
      login: 'delajaque@mail.com',
      professionalMobile: '+33676564523',
      jobTitle: 'Account Executive',
      legalEntityId: 3,
      departmentId: 14,
      dtContractStart: '2027-01-04T00:00:00',
    });
  });

  it('leaves out what the record does not know instead of sending empty values', () => {
    const payload = toLuccaUserPayload(record({ phone: null, jobTitle: '  ', firstName: ' Ana ', email: ' ana@acme.example ' }), placement);
    expect(payload).not.toHaveProperty('professionalMobile');
    expect(payload).not.toHaveProperty('jobTitle');
    expect(payload).toMatchObject({ firstName: 'Ana', mail: 'ana@acme.example', login: 'ana@acme.example' });
  });
});

describe('missingForLucca', () => {
  it('names the record fields Lucca requires and the record lacks', () => {
    expect(missingForLucca(record())).toEqual([]);
    expect(missingForLucca(record({ email: null, startDate: null })).map((e) => e.field)).toEqual(['email', 'startDate']);
    expect(missingForLucca(record({ email: ' ' }))[0].message).toMatch(/work email/);
  });
});

describe('toLuccaWorkContractPayload', () => {
  it('gives the owner, start day, archetype, establishment and our external id', () => {
    expect(toLuccaWorkContractPayload(record(), 416, 2, placement)).toEqual({
      ownerId: 416,
      startsOn: '2027-01-04',
      typeId: 2,
      establishmentId: 7,
      externalId: 'flatchr:60:1260',
    });
  });

  it('leaves the establishment to Lucca when the connection names none', () => {
    expect(toLuccaWorkContractPayload(record(), 416, 2, { ...placement, establishmentId: null })).not.toHaveProperty('establishmentId');
  });
});

describe('archetypeFor', () => {
  const tenant = [
    { id: 1, name: 'CDI' },
    { id: 2, name: 'Contrat à durée déterminée' },
    { id: 3, name: 'Convention de stage' },
    { id: 4, name: "Contrat d'apprentissage" },
    { id: 5, name: 'Intérim' },
    { id: 6, name: 'Prestataire indépendant' },
    { id: 7, name: 'Autre' },
  ];

  it.each([
    ['CDI', 1],
    ['CDD', 2],
    ['INTERNSHIP', 3],
    ['APPRENTICESHIP', 4],
    ['INTERIM', 5],
    ['FREELANCE', 6],
    ['OTHER', 7],
  ] as const)('finds %s by its French name, accents and case ignored', (type, id) => {
    expect(archetypeFor(type, tenant)).toEqual({ ok: true, archetype: expect.objectContaining({ id }) });
  });

  it('does not take "durée indéterminée" for a CDD', () => {
    expect(archetypeFor('CDD', [{ id: 9, name: 'Contrat à durée indéterminée' }]).ok).toBe(false);
    expect(archetypeFor('CDI', [{ id: 9, name: 'Contrat à durée indéterminée' }])).toMatchObject({ ok: true });
  });

  it('refuses to guess between several matches, and names them', () => {
    const choice = archetypeFor('CDD', [
      { id: 2, name: 'CDD' },
      { id: 8, name: "CDD d'usage" },
    ]);
    expect(choice).toEqual({
      ok: false,
      reason: expect.stringContaining(`several Lucca work-contract archetypes match CDD ("CDD" (id 2), "CDD d'usage" (id 8))`),
    });
  });

  it('names the available archetypes and the setting to use when none matches', () => {
    const choice = archetypeFor('INTERNSHIP', [{ id: 1, name: 'CDI' }]);
    expect(choice).toEqual({
      ok: false,
      reason:
        'no Lucca work-contract archetype matches INTERNSHIP; available archetypes: "CDI" (id 1). Set settings.contractTemplates.INTERNSHIP to the id to use',
    });
  });
});
