import type { EmployeeLocation } from '../employees/employee-record';
import type { FlatchrAddress } from '../flatchr/flatchr-payload.types';
import { stripHtml } from './html';

/**
 * Country names as Flatchr's address autocomplete writes them for its markets, French and
 * English, keyed without accents or case. A small table on purpose: a name not here gives null
 * rather than a guessed code.
 */
const COUNTRY_CODES: Readonly<Record<string, string>> = {
  france: 'FR',
  belgique: 'BE',
  belgium: 'BE',
  suisse: 'CH',
  switzerland: 'CH',
  luxembourg: 'LU',
  canada: 'CA',
  'royaume-uni': 'GB',
  'royaume uni': 'GB',
  'united kingdom': 'GB',
  allemagne: 'DE',
  germany: 'DE',
  espagne: 'ES',
  spain: 'ES',
  italie: 'IT',
  italy: 'IT',
  'pays-bas': 'NL',
  'pays bas': 'NL',
  netherlands: 'NL',
  portugal: 'PT',
  monaco: 'MC',
  maroc: 'MA',
  morocco: 'MA',
  tunisie: 'TN',
  tunisia: 'TN',
  'etats-unis': 'US',
  'etats unis': 'US',
  'united states': 'US',
};

/**
 * ISO 3166-1 alpha-2, or null. Two letters are taken as a code already ('fr' -> 'FR'), except
 * 'UK', which is not ISO: the United Kingdom is GB.
 */
export function toCountryCode(value: string | null | undefined): string | null {
  const text = stripHtml(value);
  if (text === null) return null;
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    return code === 'UK' ? 'GB' : code;
  }
  const key = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return Object.prototype.hasOwnProperty.call(COUNTRY_CODES, key) ? COUNTRY_CODES[key] : null;
}

/**
 * The vacancy's address as the employee's work location. Flatchr sends `{}` for a vacancy with
 * no address: when city, postal code and country are all unknown the location is null.
 * The postal code is stringified as given: Flatchr documents it as an integer, so a code like
 * 01000 may already have lost its zero, and padding it would be a guess about the country.
 */
export function toLocation(address: FlatchrAddress | null | undefined): EmployeeLocation | null {
  if (address === null || typeof address !== 'object' || Array.isArray(address)) return null;
  const location: EmployeeLocation = {
    city: stripHtml(address.locality),
    postalCode: toPostalCode(address.postal_code),
    country: toCountryCode(address.country),
  };
  return location.city === null && location.postalCode === null && location.country === null ? null : location;
}

function toPostalCode(value: number | string | null | undefined): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return stripHtml(value);
  return null;
}
