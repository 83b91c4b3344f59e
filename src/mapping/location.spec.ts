import { toCountryCode, toLocation } from './location';

describe('toCountryCode', () => {
  it.each([
    ['FR', 'FR'],
    ['fr', 'FR'],
    [' be ', 'BE'],
    ['UK', 'GB'],
    ['France', 'FR'],
    ['france', 'FR'],
    ['Belgique', 'BE'],
    ['Belgium', 'BE'],
    ['Suisse', 'CH'],
    ['Switzerland', 'CH'],
    ['Luxembourg', 'LU'],
    ['Canada', 'CA'],
    ['Royaume-Uni', 'GB'],
    ['United Kingdom', 'GB'],
    ['Allemagne', 'DE'],
    ['Germany', 'DE'],
    ['Espagne', 'ES'],
    ['Spain', 'ES'],
    ['Italie', 'IT'],
    ['Italy', 'IT'],
    ['États-Unis', 'US'],
  ])('%s -> %s', (input, expected) => {
    expect(toCountryCode(input)).toBe(expected);
  });

  it.each([['Atlantis'], ['FRA'], [''], [null], [undefined]])('%j -> null', (input) => {
    expect(toCountryCode(input)).toBeNull();
  });
});

describe('toLocation', () => {
  it('maps a full address', () => {
    expect(
      toLocation({
        locality: 'Paris',
        postal_code: 75002,
        route: 'Rue de la Paix',
        street_number: 1,
        country: 'France',
        formated_address: '1 Rue de la Paix, 75002 Paris, France',
      }),
    ).toEqual({ city: 'Paris', postalCode: '75002', country: 'FR' });
  });

  it('stringifies the postal code as given, without padding', () => {
    expect(toLocation({ locality: 'Bourg-en-Bresse', postal_code: 1000, country: 'FR' })).toEqual({
      city: 'Bourg-en-Bresse',
      postalCode: '1000',
      country: 'FR',
    });
    expect(toLocation({ postal_code: ' 01000 ' })).toEqual({ city: null, postalCode: '01000', country: null });
  });

  it('strips HTML from the city', () => {
    expect(toLocation({ locality: ' <b>Marseille</b>&nbsp;' })?.city).toBe('Marseille');
  });

  it('keeps what is known when part is missing', () => {
    expect(toLocation({ locality: 'Bruxelles', country: 'Belgique' })).toEqual({
      city: 'Bruxelles',
      postalCode: null,
      country: 'BE',
    });
    expect(toLocation({ country: 'Atlantis', locality: 'Lyon' })).toEqual({ city: 'Lyon', postalCode: null, country: null });
  });

  it('is null when the address says nothing', () => {
    expect(toLocation({})).toBeNull();
    expect(toLocation({ locality: '', postal_code: null, country: '  ' })).toBeNull();
    expect(toLocation(null)).toBeNull();
    expect(toLocation(undefined)).toBeNull();
    expect(toLocation([] as never)).toBeNull();
  });
});
