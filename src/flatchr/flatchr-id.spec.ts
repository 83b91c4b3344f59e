import { idForRecord, idToText, isFlatchrId } from './flatchr-id';

describe('idToText', () => {
  it('gives the same text for an int and its string', () => {
    expect(idToText(60)).toBe('60');
    expect(idToText('60')).toBe('60');
    expect(idToText(' 60 ')).toBe('60');
  });

  it('keeps encoded string ids as they are, trimmed', () => {
    expect(idToText(' a4JL2lpEbydwBXKe ')).toBe('a4JL2lpEbydwBXKe');
  });

  it('returns null for what is not an id', () => {
    expect(idToText(null)).toBeNull();
    expect(idToText(undefined)).toBeNull();
    expect(idToText('')).toBeNull();
    expect(idToText('   ')).toBeNull();
    expect(idToText(NaN)).toBeNull();
    expect(idToText({} as unknown as string)).toBeNull();
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

describe('isFlatchrId', () => {
  it('accepts safe integers and non-blank strings of at most 200 characters', () => {
    expect(isFlatchrId(60)).toBe(true);
    expect(isFlatchrId('60')).toBe(true);
    expect(isFlatchrId('a'.repeat(200))).toBe(true);
  });

  it('refuses what the webhook would not store as an id', () => {
    expect(isFlatchrId(1.5)).toBe(false);
    expect(isFlatchrId(2 ** 60)).toBe(false);
    expect(isFlatchrId('a'.repeat(201))).toBe(false);
    expect(isFlatchrId('  ')).toBe(false);
    expect(isFlatchrId(null)).toBe(false);
    expect(isFlatchrId([60])).toBe(false);
  });

  it('gives no text for an id it refuses', () => {
    expect(idToText(1.5)).toBeNull();
    expect(idToText('a'.repeat(201))).toBeNull();
  });
});
