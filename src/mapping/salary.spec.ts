import { toSalary } from './salary';

describe('toSalary', () => {
  it('maps a yearly salary in euros', () => {
    expect(toSalary('42000', 'EUR', 'y')).toEqual({ amount: 42000, currency: 'EUR', period: 'YEAR' });
  });

  it.each([
    ['m', 'MONTH'],
    ['d', 'DAY'],
    ['h', 'HOUR'],
    ['Y', 'YEAR'],
  ])('mensuality %s -> %s', (mensuality, period) => {
    expect(toSalary('100', 'EUR', mensuality)?.period).toBe(period);
  });

  it('keeps the amount with period null when the mensuality is unknown or missing', () => {
    expect(toSalary('42000', 'EUR', 'w')).toEqual({ amount: 42000, currency: 'EUR', period: null });
    expect(toSalary('42000', 'EUR', null)).toEqual({ amount: 42000, currency: 'EUR', period: null });
  });

  it.each([['0'], [''], ['  '], ['0.00'], ['-100'], ['abc'], ['35000-45000'], ['42,000'], ['42.000'], [null], [undefined]])(
    'amount %j -> null',
    (amount) => {
      expect(toSalary(amount, 'EUR', 'y')).toBeNull();
    },
  );

  it('accepts thousands spaces and a decimal comma or dot', () => {
    expect(toSalary('42 000', 'EUR', 'y')?.amount).toBe(42000);
    expect(toSalary('42\u202f000', 'EUR', 'y')?.amount).toBe(42000);
    expect(toSalary('11,65', 'EUR', 'h')?.amount).toBe(11.65);
    expect(toSalary('11.5', 'EUR', 'h')?.amount).toBe(11.5);
    expect(toSalary(3000, 'EUR', 'm')?.amount).toBe(3000);
  });

  it('accepts every Flatchr currency, in any case', () => {
    for (const currency of ['EUR', 'USD', 'GBP', 'CAD', 'CHF']) {
      expect(toSalary('1000', currency, 'm')?.currency).toBe(currency);
    }
    expect(toSalary('1000', ' chf ', 'm')?.currency).toBe('CHF');
  });

  it('never invents a currency', () => {
    expect(toSalary('42000', null, 'y')).toBeNull();
    expect(toSalary('42000', undefined, 'y')).toBeNull();
    expect(toSalary('42000', '', 'y')).toBeNull();
    expect(toSalary('42000', 'JPY', 'y')).toBeNull();
  });
});
