import type { HrisConnectorDefinition } from '../hris-connector-definition';
import { LuccaClient } from './lucca.client';
import { LuccaConnector } from './lucca.connector';
import { readLuccaSettings } from './lucca.settings';

/**
 * Lucca: one host per tenant (`https://{account}.ilucca.net`, `.ch` in Switzerland, `ilucca-test` for
 * the test tenant), so the connection's baseUrl is required; an application key of the legacy API.
 */
export const luccaDefinition: HrisConnectorDefinition = {
  provider: 'lucca',
  label: 'Lucca',
  credentialFields: ['apiKey'],
  documentedOrigin: () => null,
  validateSettings: (settings, hasBaseUrl) => {
    const reading = readLuccaSettings(settings);
    const errors = reading.ok ? [] : reading.errors;
    return hasBaseUrl
      ? errors
      : [{ field: 'baseUrl', message: 'required: the Lucca tenant host, e.g. https://acme.ilucca.net' }, ...errors];
  },
  // Lucca allows 50 requests a minute per tenant, shared with every other integration of that tenant.
  defaultRequestsPerMinute: 30,
  create(connection, context) {
    if (!connection.baseUrl) throw new Error('lucca needs a baseUrl (the tenant host, e.g. https://acme.ilucca.net)');
    const reading = readLuccaSettings(connection.settings);
    if (!reading.ok) throw new Error(`invalid Lucca settings: ${reading.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
    return new LuccaConnector(new LuccaClient(context.http, connection.credentials.apiKey), reading.settings, context.cache);
  },
};
