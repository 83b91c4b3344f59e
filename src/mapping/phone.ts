import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** Longer than any real number with its formatting: past this it is not a phone number. */
const MAX_PHONE_LENGTH = 64;

/**
 * E.164 ('+33676564523') or null. Candidates type their number as they like, so:
 * - numbers without a country code are read in `defaultCountry` (France for Flatchr's customers);
 * - '+33 (0)6 …' and '0033 …' are understood (libphonenumber drops the bracketed trunk 0; the
 *   00 prefix is rewritten to + so it also works when the default country's exit code is not 00);
 * - anything that does not parse to a valid number is null: a wrong number in the HRIS is worse
 *   than none.
 */
export function toE164(raw: string | null | undefined, defaultCountry: CountryCode = 'FR'): string | null {
  // The payload is untrusted JSON: a number (or worse) may arrive despite the type.
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  let text = String(raw).trim();
  if (text === '' || text.length > MAX_PHONE_LENGTH) return null;
  text = text.replace(/^00\s*(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed !== undefined && parsed.isValid() ? parsed.number : null;
}
