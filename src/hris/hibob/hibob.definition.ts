import { stringSetting } from '../hris-connection';
import type { HrisConnectorDefinition } from '../hris-connector-definition';
import type { HrisFieldError } from '../hris-failure';
import { HiBobClient } from './hibob.client';
import { HiBobConnector } from './hibob.connector';

/** HiBob (Israel/UK, international scale-ups): docs/hris/hibob.md. Sandbox accounts use baseUrl https://api.sandbox.hibob.com. */
export const hiBobDefinition: HrisConnectorDefinition = {
  provider: 'hibob',
  label: 'HiBob',
  credentialFields: ['serviceUserId', 'token'],
  documentedOrigin: () => 'https://api.hibob.com',
  validateSettings(settings) {
    const errors: HrisFieldError[] = [];
    if (!stringSetting(settings, 'site'))
      errors.push({ field: 'settings.site', message: 'required: the HiBob site new employees join (work.site)' });
    for (const name of ['department', 'title']) {
      const value = settings[name];
      if (value !== undefined && value !== null && typeof value !== 'string')
        errors.push({ field: `settings.${name}`, message: 'must be text' });
    }
    return errors;
  },
  // Limits are per endpoint per minute; people search, used before every create, allows 50.
  defaultRequestsPerMinute: 40,
  create(connection, context) {
    const client = new HiBobClient(context.http, {
      serviceUserId: connection.credentials.serviceUserId,
      token: connection.credentials.token,
    });
    const site = stringSetting(connection.settings, 'site');
    if (!site) throw new Error('hibob needs settings.site');
    return new HiBobConnector(
      client,
      { site, department: stringSetting(connection.settings, 'department'), defaultTitle: stringSetting(connection.settings, 'title') },
      { now: context.now },
    );
  },
};
