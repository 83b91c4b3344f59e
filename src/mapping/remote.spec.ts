import { toRemote } from './remote';

describe('toRemote', () => {
  it('keeps booleans (2022 docs)', () => {
    expect(toRemote(true)).toBe(true);
    expect(toRemote(false)).toBe(false);
  });

  it('counts full-time and part-time remote as remote', () => {
    expect(toRemote('fulltime')).toBe(true);
    expect(toRemote('parttime')).toBe(true);
    expect(toRemote(' PartTime ')).toBe(true);
  });

  it('reads notime as not remote', () => {
    expect(toRemote('notime')).toBe(false);
  });

  it.each([['sometimes'], [''], ['true'], [null], [undefined]])('%j -> null', (input) => {
    expect(toRemote(input)).toBeNull();
  });
});
