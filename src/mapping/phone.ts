import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * E.164 or null. Numbers without a country code are read in `defaultCountry` (France for
 * Flatchr's customers). Flatchr lets candidates type anything, so invalid numbers become null
 * rather than being sent half-right.
 */
export function toE164(raw: unknown, defaultCountry: CountryCode = 'FR'): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  let text = String(raw).trim();
  if (text === '' || text.length > 50) return null;
  // "+33 (0)6 …": the trunk 0 in brackets must go, or the number has a digit too many.
  text = text.replace(/\(0\)/g, '');
  // "0033 6 …": international prefix written with 00.
  if (/^00[1-9]/.test(text)) text = `+${text.slice(2)}`;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}
