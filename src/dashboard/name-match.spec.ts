import { displayName, namesDiffer } from './name-match';

describe('namesDiffer', () => {
  it('ignores case, accents, hyphens and extra spaces', () => {
    expect(namesDiffer({ firstName: 'Zoé', lastName: 'Dupont-Roux' }, { firstName: 'ZOE ', lastName: 'dupont roux' })).toBe(false);
  });

  it('sees another person', () => {
    expect(namesDiffer({ firstName: 'Zoé', lastName: 'Dupont' }, { firstName: 'Marc', lastName: 'Dupont' })).toBe(true);
  });

  it('takes an unknown name as no evidence', () => {
    expect(namesDiffer({ firstName: 'Zoé', lastName: 'Dupont' }, null)).toBe(false);
    expect(namesDiffer({ firstName: 'Zoé', lastName: 'Dupont' }, { firstName: null, lastName: null })).toBe(false);
  });

  it('joins the parts it has', () => {
    expect(displayName({ firstName: 'Zoé', lastName: null })).toBe('Zoé');
  });
});
