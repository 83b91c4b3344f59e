import type { EmployeeSalary, SalaryPeriod } from '../employees/employee-record';

/** Flatchr's `mensuality`. */
const PERIODS: Readonly<Record<string, SalaryPeriod>> = { y: 'YEAR', m: 'MONTH', d: 'DAY', h: 'HOUR' };

/** The currencies Flatchr offers. */
export const SALARY_CURRENCIES: readonly string[] = ['EUR', 'USD', 'GBP', 'CAD', 'CHF'];

/**
 * The vacancy's salary, or null when it says nothing reliable. Flatchr sends the amount as a
 * string and '0' when none was given, so:
 * - '', '0', negative or non-numeric amounts -> null;
 * - spaces between thousands are allowed ('42 000'); a comma or dot is a decimal mark only
 *   with 1-2 decimals, so '42,000' / '42.000' (thousands or decimals?) are null, not 42;
 * - a missing or unknown currency -> null: an amount without its currency would be a guess;
 * - an unknown `mensuality` keeps the amount with period null.
 */
export function toSalary(
  amount: string | number | null | undefined,
  currency: string | null | undefined,
  mensuality: string | null | undefined,
): EmployeeSalary | null {
  const value = parseAmount(amount);
  if (value === null) return null;
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  if (!SALARY_CURRENCIES.includes(code)) return null;
  const key = typeof mensuality === 'string' ? mensuality.trim().toLowerCase() : '';
  const period = Object.prototype.hasOwnProperty.call(PERIODS, key) ? PERIODS[key] : null;
  return { amount: value, currency: code, period };
}

function parseAmount(amount: string | number | null | undefined): number | null {
  let value: number;
  if (typeof amount === 'number') {
    value = amount;
  } else if (typeof amount === 'string' && amount.length <= 64) {
    // Spaces, incl. no-break and narrow no-break ones, as thousands separators.
    const text = amount.replace(/[\s\u202f]/g, '');
    if (!/^\d+([.,]\d{1,2})?$/.test(text)) return null;
    value = Number(text.replace(',', '.'));
  } else {
    return null;
  }
  return Number.isFinite(value) && value > 0 ? value : null;
}
