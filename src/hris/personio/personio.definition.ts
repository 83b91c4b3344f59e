import { stringSetting } from '../hris-connection';
import type { HrisConnectorDefinition } from '../hris-connector-definition';
import type { HrisFieldError } from '../hris-failure';
import { PersonioClient } from './personio.client';
import { PersonioConnector } from './personio.connector';
import { PersonioTokenStore } from './personio.token-store';

export const PERSONIO_ORIGIN = 'https://api.personio.de';

/** Names sent as they are; Personio matches department, office and subcompany by name. */
const NAME_SETTINGS = ['department', 'office', 'subcompany', 'position'] as const;
/** Settings sent as headers on every call. */
const HEADER_SETTINGS = { partnerId: 'X-Personio-Partner-ID', appId: 'X-Personio-App-ID' } as const;

/** Printable ASCII: what an HTTP header value can carry as it is. */
const HEADER_VALUE = /^[\x20-\x7e]{1,200}$/;

function validateSettings(settings: Readonly<Record<string, unknown>>): HrisFieldError[] {
  const errors: HrisFieldError[] = [];
  for (const name of NAME_SETTINGS) {
    const value = settings[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.trim() === '') errors.push({ field: `settings.${name}`, message: 'must be a non-empty name' });
    else if (value.length > 255) errors.push({ field: `settings.${name}`, message: 'must be at most 255 characters' });
  }
  for (const name of Object.keys(HEADER_SETTINGS)) {
    const value = settings[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !HEADER_VALUE.test(value.trim())) {
      errors.push({ field: `settings.${name}`, message: 'must be 1 to 200 printable ASCII characters' });
    }
  }
  return errors;
}

/** Personio, v1 personnel API with client credentials (docs/hris/personio.md). */
export const personioDefinition: HrisConnectorDefinition = {
  provider: 'personio',
  label: 'Personio',
  credentialFields: ['clientId', 'clientSecret'],
  documentedOrigin: () => PERSONIO_ORIGIN,
  validateSettings: (settings) => validateSettings(settings),
  // Personio allows 300 employee-list calls a minute (bursts of 15/s), shared with the customer's other tools;
  // a push is one look-up and at most one create.
  defaultRequestsPerMinute: 120,
  create(connection, context) {
    const { clientId, clientSecret } = connection.credentials;
    const partnerHeaders: Record<string, string> = {};
    for (const [name, header] of Object.entries(HEADER_SETTINGS)) {
      const value = stringSetting(connection.settings, name);
      if (value) partnerHeaders[header] = value;
    }
    const tokens = new PersonioTokenStore({
      cache: context.cache,
      clientId,
      clientSecret,
      now: context.now,
      // Held at most as long as the auth call may take, so a crashed worker's lock lapses on its own.
      lockTtlMs: context.http.options.timeoutMs + 5000,
    });
    const client = new PersonioClient({ http: context.http, clientId, clientSecret, tokens, partnerHeaders });
    return new PersonioConnector(client, {
      department: stringSetting(connection.settings, 'department'),
      office: stringSetting(connection.settings, 'office'),
      subcompany: stringSetting(connection.settings, 'subcompany'),
      position: stringSetting(connection.settings, 'position'),
    });
  },
};
