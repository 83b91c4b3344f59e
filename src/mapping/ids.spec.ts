import { idForRecord, normalizeId } from './ids';

describe('normalizeId', () => {
  it('gives the same text for an int and its string', () => {
    expect(normalizeId(60)).toBe('60');
    expect(normalizeId('60')).toBe('60');
    expect(normalizeId(' 60 ')).toBe('60');
  });

  it('keeps encoded string ids as they are, trimmed', () => {
    expect(normalizeId(' a4JL2lpEbydwBXKe ')).toBe('a4JL2lpEbydwBXKe');
  });

  it('returns null for what is not an id', () => {
    expect(normalizeId(null)).toBeNull();
    expect(normalizeId(undefined)).toBeNull();
    expect(normalizeId('')).toBeNull();
    expect(normalizeId('   ')).toBeNull();
    expect(normalizeId(NaN)).toBeNull();
    expect(normalizeId({} as unknown as string)).toBeNull();
  });
});

describe('idForRecord', () => {
  it('turns digit-only ids into numbers', () => {
    expect(idForRecord(60)).toBe(60);
    expect(idForRecord('60')).toBe(60);
    expect(idForRecord(' 1260 ')).toBe(1260);
    expect(idForRecord('0')).toBe(0);
  });

  it('keeps other ids as strings', () => {
    expect(idForRecord('a4JL2lpEbydwBXKe')).toBe('a4JL2lpEbydwBXKe');
    expect(idForRecord('12a')).toBe('12a');
  });

  it('keeps ids a number would change as strings', () => {
    expect(idForRecord('007')).toBe('007');
    expect(idForRecord('123456789012345678901')).toBe('123456789012345678901');
  });

  it('returns null for missing ids', () => {
    expect(idForRecord(null)).toBeNull();
    expect(idForRecord('')).toBeNull();
  });
});
