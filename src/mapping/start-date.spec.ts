import { toStartDate } from './start-date';

describe('toStartDate', () => {
  it.each([
    ['2022-02-01', '2022-02-01'],
    [' 2022-02-01 ', '2022-02-01'],
    ['2022-02-01T00:00:00.000Z', '2022-02-01'],
    ['2022-02-01T09:30:00+01:00', '2022-02-01'],
    ['2022-02-01 09:30', '2022-02-01'],
    ['2024-02-29', '2024-02-29'],
  ])('%s -> %s', (input, expected) => {
    expect(toStartDate(input)).toBe(expected);
  });

  it('reads the calendar date as written, without time zone shifts', () => {
    expect(toStartDate('2022-01-31T23:00:00.000Z')).toBe('2022-01-31');
  });

  it.each([['2022-02-30'], ['2023-02-29'], ['2022-13-01'], ['01/02/2022'], ['2022-02-01garbage'], ['2022-2-1'], [''], [null], [undefined]])(
    '%j -> null',
    (input) => {
      expect(toStartDate(input)).toBeNull();
    },
  );
});
