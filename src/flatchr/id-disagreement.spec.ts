import { idDisagreement } from './id-disagreement';

describe('idDisagreement', () => {
  it('is null when the ids present agree, or only one is present', () => {
    expect(
      idDisagreement('candidate', [
        ['a', '1'],
        ['b', '1'],
        ['c', null],
      ]),
    ).toBeNull();
    expect(
      idDisagreement('candidate', [
        ['a', null],
        ['b', '7'],
        ['c', null],
      ]),
    ).toBeNull();
  });
  it('names every id present and the first one, which is used', () => {
    expect(
      idDisagreement('candidate', [
        ['a', null],
        ['b', '2'],
        ['c', '3'],
      ]),
    ).toBe('candidate ids disagree: b 2, c 3; used b (2)');
  });
});
