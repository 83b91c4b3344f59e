import type { HrisConnectorDefinition } from '../hris-connector-definition';
import { GenericSirhClient } from './generic-sirh.client';
import { GenericSirhConnector } from './generic-sirh.connector';

/** Our own SIRH contract (docs/sirh-contract.md): any base URL, paths appended to it, Bearer key. */
export const genericSirhDefinition: HrisConnectorDefinition = {
  provider: 'generic-sirh',
  label: 'Generic SIRH',
  credentialFields: ['apiKey'],
  documentedOrigin: () => null,
  validateSettings: () => [],
  // The contract sets no limit (it answers 429 with Retry-After when it has one): no budget unless the connection sets one.
  defaultRequestsPerMinute: null,
  create(connection, context) {
    if (!connection.baseUrl) throw new Error('generic-sirh needs a baseUrl');
    const client = new GenericSirhClient({
      baseUrl: connection.baseUrl.replace(/\/+$/, ''),
      apiKey: connection.credentials.apiKey,
      timeoutMs: context.http.options.timeoutMs,
      budget: context.http.options.budget,
    });
    return new GenericSirhConnector(client);
  },
};
