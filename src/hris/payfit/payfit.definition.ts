import { stringSetting } from '../hris-connection';
import type { HrisConnectorDefinition } from '../hris-connector-definition';
import { PayfitClient } from './payfit.client';
import { PayfitConnector } from './payfit.connector';

export const PAYFIT_DOCUMENTED_ORIGIN = 'https://partner-api.payfit.com';

/** PayFit's Partner API with a customer API key (docs/hris/payfit.md). */
export const payfitDefinition: HrisConnectorDefinition = {
  provider: 'payfit',
  label: 'PayFit',
  credentialFields: ['apiKey'],
  documentedOrigin: () => PAYFIT_DOCUMENTED_ORIGIN,
  validateSettings(settings) {
    // The company id is in every path, so a baseUrl does not replace it.
    return stringSetting(settings, 'companyId')
      ? []
      : [{ field: 'settings.companyId', message: 'required: the PayFit company id (POST https://oauth.payfit.com/introspect gives it)' }];
  },
  // PayFit allows 20 writes and 50 reads a second per application, shared with the customer's other
  // tools; a hire costs a handful of calls, so 5 a second is ample and leaves PayFit's limit to them.
  defaultRequestsPerMinute: 300,
  create(connection, context) {
    const companyId = stringSetting(connection.settings, 'companyId');
    if (!companyId) throw new Error('payfit needs settings.companyId');
    return new PayfitConnector(new PayfitClient(context.http, connection.credentials.apiKey, companyId));
  },
};
