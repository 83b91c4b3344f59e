import type { EmployeeSalary, SalaryPeriod } from './employee-record';

const PERIODS: Record<string, SalaryPeriod> = { y: 'YEAR', m: 'MONTH', d: 'DAY', h: 'HOUR' };
const CURRENCIES = new Set(['EUR', 'USD', 'GBP', 'CAD', 'CHF']);

/**
 * Flatchr sends the salary as a string and '0' when none was given. A salary goes out only with
 * a positive amount and a known currency: a figure without its currency would be invented.
 */
export function toSalary(amount: unknown, currency: unknown, mensuality: unknown): EmployeeSalary | null {
  const text = typeof amount === 'number' ? String(amount) : typeof amount === 'string' ? amount.trim().replace(',', '.') : '';
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  if (!(value > 0)) return null;
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  if (!CURRENCIES.has(code)) return null;
  const period = typeof mensuality === 'string' ? (PERIODS[mensuality.trim().toLowerCase()] ?? null) : null;
  return { amount: value, currency: code, period };
}
