import { parseContractReferential } from '../flatchr/api/contract-referential';
import { contractTypeFromLabel, contractTypeTableFromReferential, resolveContractTypeTable } from './contract-labels';
import { parseContractTypeTable, toContractType } from './contract-types';

describe('contractTypeFromLabel', () => {
  it.each([
    ['CDI', 'CDI'],
    ['cdi', 'CDI'],
    ['Contrat à durée indéterminée', 'CDI'],
    ['CDI - temps partiel', 'CDI'],
    ['Permanent', 'CDI'],
    ['CDD', 'CDD'],
    ['Cdd 6 mois', 'CDD'],
    ['Contrat à Durée Déterminée', 'CDD'],
    ['Saisonnier', 'CDD'],
    ['Stage', 'INTERNSHIP'],
    ['STAGE', 'INTERNSHIP'],
    ['Stagiaire', 'INTERNSHIP'],
    ['Internship', 'INTERNSHIP'],
    ['Alternance', 'APPRENTICESHIP'],
    ['Apprentissage', 'APPRENTICESHIP'],
    ["CDD d'apprentissage", 'APPRENTICESHIP'],
    ['Contrat de professionnalisation', 'APPRENTICESHIP'],
    ['Freelance', 'FREELANCE'],
    ['Free-lance', 'FREELANCE'],
    ['Indépendant', 'FREELANCE'],
    ['Intérim', 'INTERIM'],
    ['INTERIM', 'INTERIM'],
    ['interim', 'INTERIM'],
    ['Intérimaire', 'INTERIM'],
    ['Travail temporaire', 'INTERIM'],
    ['VIE', 'OTHER'],
    ['Bénévolat', 'OTHER'],
  ])('%s -> %s', (label, type) => {
    expect(contractTypeFromLabel(label)).toBe(type);
  });

  it('reads decomposed accents like precomposed ones', () => {
    expect(contractTypeFromLabel('Inte\u0301rim')).toBe('INTERIM');
    expect(contractTypeFromLabel('Inde\u0301pendant')).toBe('FREELANCE');
  });

  it('does not take a word for part of another', () => {
    expect(contractTypeFromLabel('International')).toBe('OTHER');
    expect(contractTypeFromLabel('Temps plein')).toBe('OTHER');
  });

  it('gives null, never a guess, for no label', () => {
    expect(contractTypeFromLabel('')).toBeNull();
    expect(contractTypeFromLabel('  - ')).toBeNull();
    expect(contractTypeFromLabel(null)).toBeNull();
    expect(contractTypeFromLabel(undefined)).toBeNull();
  });
});

describe('parseContractReferential', () => {
  const expected = [
    { id: '1', label: 'CDI' },
    { id: '5', label: 'Freelance' },
  ];
  it('reads [{id, label}], [{id, name}], {data: [...]} and an id -> label map', () => {
    expect(
      parseContractReferential([
        { id: 1, label: 'CDI' },
        { id: 5, label: 'Freelance' },
      ]),
    ).toEqual(expected);
    expect(
      parseContractReferential([
        { id: '1', name: ' CDI ' },
        { id: 5, name: 'Freelance' },
      ]),
    ).toEqual(expected);
    expect(
      parseContractReferential({
        data: [
          { id: 1, title: 'CDI' },
          { id: 5, title: 'Freelance' },
        ],
      }),
    ).toEqual(expected);
    expect(parseContractReferential({ 1: 'CDI', 5: 'Freelance' })).toEqual(expected);
  });

  it('skips entries without an id or a label, and gives null for an answer that holds no list', () => {
    expect(parseContractReferential([{ id: 1 }, { label: 'CDD' }, null, { id: 2, label: 'CDD' }])).toEqual([{ id: '2', label: 'CDD' }]);
    expect(parseContractReferential('CDI')).toBeNull();
    expect(parseContractReferential({ statusCode: 200 })).toBeNull();
  });
});

describe('contract type table from Flatchr', () => {
  const referential = contractTypeTableFromReferential([
    { id: '1', label: 'CDI' },
    { id: '2', label: 'CDD' },
    { id: '5', label: 'Alternance' },
    { id: '9', label: 'Portage' },
  ]);

  it('maps every referential id through its label', () => {
    expect(referential).toEqual({ '1': 'CDI', '2': 'CDD', '5': 'APPRENTICESHIP', '9': 'OTHER' });
  });

  it('lets CONTRACT_TYPE_MAP override the referential, which overrides the documented default', () => {
    const table = resolveContractTypeTable(referential, parseContractTypeTable('5=INTERNSHIP'));
    expect(toContractType(5, table)).toBe('INTERNSHIP');
    expect(toContractType(2, table)).toBe('CDD');
    expect(toContractType(1, resolveContractTypeTable(null))).toBe('CDI');
    expect(toContractType(7, table)).toBe('OTHER');
  });
});
