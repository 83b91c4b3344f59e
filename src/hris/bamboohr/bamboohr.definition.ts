import { stringSetting } from '../hris-connection';
import type { HrisConnectorDefinition } from '../hris-connector-definition';
import type { HrisFieldError } from '../hris-failure';
import { BAMBOOHR_PATH_STYLE, BambooHrClient, bambooHrOrigin } from './bamboohr.client';
import { BambooHrConnector } from './bamboohr.connector';

/** A BambooHR subdomain: letters, digits and hyphens (the `acme` of acme.bamboohr.com). */
const COMPANY_DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** BambooHR (US, international SMEs): docs/hris/bamboohr.md. */
export const bambooHrDefinition: HrisConnectorDefinition = {
  provider: 'bamboohr',
  label: 'BambooHR',
  credentialFields: ['apiKey'],
  documentedOrigin(settings) {
    const companyDomain = stringSetting(settings, 'companyDomain');
    return companyDomain ? bambooHrOrigin(companyDomain) : null;
  },
  validateSettings(settings, hasBaseUrl) {
    const errors: HrisFieldError[] = [];
    const companyDomain = stringSetting(settings, 'companyDomain');
    const needsDomain = !hasBaseUrl || BAMBOOHR_PATH_STYLE === 'gateway';
    if (!companyDomain && needsDomain) errors.push({ field: 'settings.companyDomain', message: 'required: the acme of acme.bamboohr.com' });
    if (companyDomain && !COMPANY_DOMAIN.test(companyDomain)) {
      errors.push({ field: 'settings.companyDomain', message: 'only the subdomain (acme), not a URL' });
    }
    for (const name of ['department', 'division', 'location']) {
      const value = settings[name];
      if (value !== undefined && value !== null && typeof value !== 'string')
        errors.push({ field: `settings.${name}`, message: 'must be text' });
    }
    return errors;
  },
  // BambooHR publishes no number; it throttles "too frequent" requests. One a second leaves room for the account's other tools.
  defaultRequestsPerMinute: 60,
  create(connection, context) {
    const client = new BambooHrClient(context.http, {
      apiKey: connection.credentials.apiKey,
      companyDomain: stringSetting(connection.settings, 'companyDomain'),
    });
    return new BambooHrConnector(client, {
      department: stringSetting(connection.settings, 'department'),
      division: stringSetting(connection.settings, 'division'),
      location: stringSetting(connection.settings, 'location'),
    });
  },
};
