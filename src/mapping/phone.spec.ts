import { toE164 } from './phone';

describe('toE164', () => {
  it.each([
    ['+33 6 76 56 45 23', '+33676564523'],
    ['06 76 56 45 23', '+33676564523'],
    ['0676564523', '+33676564523'],
    ['06.76.56.45.23', '+33676564523'],
    ['  0676564523  ', '+33676564523'],
    ['+33 (0)6 20 51 96 08', '+33620519608'],
    ['0033676564523', '+33676564523'],
    ['0033 6 76 56 45 23', '+33676564523'],
    ['+33654342384', '+33654342384'],
    ['+32 470 12 34 56', '+32470123456'],
    ['0032 470 12 34 56', '+32470123456'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s -> %s', (raw, expected) => {
    expect(toE164(raw)).toBe(expected);
  });

  it.each([[''], ['   '], ['abc'], ['n/a'], ['12'], ['+33 6 76'], ['+33 6 76 56 45 23 99 99'], ['0'.repeat(10_000)]])(
    '%j -> null',
    (raw) => {
      expect(toE164(raw)).toBeNull();
    },
  );

  it('returns null for null and undefined', () => {
    expect(toE164(null)).toBeNull();
    expect(toE164(undefined)).toBeNull();
  });

  it('reads national numbers in the given default country', () => {
    expect(toE164('0470 12 34 56', 'BE')).toBe('+32470123456');
    // The same digits read as French are a French number: the default matters.
    expect(toE164('0470 12 34 56')).toBe('+33470123456');
  });

  it('understands 00 even when the default country exits with another prefix', () => {
    expect(toE164('0033676564523', 'US')).toBe('+33676564523');
  });

  it('does not read a French mobile as British', () => {
    expect(toE164('06 76 56 45 23', 'GB')).toBeNull();
  });
});
