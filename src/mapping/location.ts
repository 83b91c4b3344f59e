import type { EmployeeLocation } from './employee-record';
import { stripHtml } from './html';

/** Country names Flatchr's address autocomplete produces for its markets, in French and English. */
const COUNTRY_CODES: Record<string, string> = {
  france: 'FR',
  belgique: 'BE',
  belgium: 'BE',
  suisse: 'CH',
  switzerland: 'CH',
  luxembourg: 'LU',
  canada: 'CA',
  'royaume-uni': 'GB',
  'united kingdom': 'GB',
  allemagne: 'DE',
  germany: 'DE',
  espagne: 'ES',
  spain: 'ES',
  italie: 'IT',
  italy: 'IT',
  'pays-bas': 'NL',
  netherlands: 'NL',
  portugal: 'PT',
  monaco: 'MC',
  maroc: 'MA',
  morocco: 'MA',
  tunisie: 'TN',
  tunisia: 'TN',
  'états-unis': 'US',
  'etats-unis': 'US',
  'united states': 'US',
};

export function toCountryCode(value: unknown): string | null {
  const text = stripHtml(value);
  if (!text) return null;
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  return COUNTRY_CODES[text.toLowerCase()] ?? null;
}

/** The vacancy's address, when it says anything. */
export function toLocation(address: unknown): EmployeeLocation | null {
  if (address === null || typeof address !== 'object' || Array.isArray(address)) return null;
  const a = address as Record<string, unknown>;
  const postal = a.postal_code;
  const location: EmployeeLocation = {
    city: stripHtml(a.locality),
    postalCode:
      typeof postal === 'number' || (typeof postal === 'string' && postal.trim() !== '') ? String(postal).trim() : null,
    country: toCountryCode(a.country),
  };
  return location.city || location.postalCode || location.country ? location : null;
}
