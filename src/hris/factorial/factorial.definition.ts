import { stringSetting } from '../hris-connection';
import type { HrisConnectorDefinition } from '../hris-connector-definition';
import type { HrisFieldError } from '../hris-failure';
import { FactorialClient } from './factorial.client';
import { FactorialConnector } from './factorial.connector';
import type { FactorialPlacement } from './factorial.payload';

export const FACTORIAL_DOCUMENTED_ORIGIN = 'https://api.factorialhr.com';
const OPTIONAL_ID_SETTINGS = ['legalEntityId', 'locationId', 'teamId'] as const;

/** Factorial's public API with an admin API key (docs/hris/factorial.md). */
export const factorialDefinition: HrisConnectorDefinition = {
  provider: 'factorial',
  label: 'Factorial',
  credentialFields: ['apiKey'],
  documentedOrigin: () => FACTORIAL_DOCUMENTED_ORIGIN,
  validateSettings(settings) {
    const errors: HrisFieldError[] = [];
    if (!stringSetting(settings, 'companyId')) {
      errors.push({
        field: 'settings.companyId',
        message: 'required: the Factorial company id (company_id in GET /api/2026-07-01/resources/companies/legal_entities)',
      });
    }
    for (const name of OPTIONAL_ID_SETTINGS) {
      if (settings[name] !== undefined && settings[name] !== null && !stringSetting(settings, name)) {
        errors.push({ field: `settings.${name}`, message: 'must be a Factorial id (a string or a number)' });
      }
    }
    return errors;
  },
  // Factorial publishes no limit; two requests a second keeps one tenant's hires far from any.
  defaultRequestsPerMinute: 120,
  create(connection, context) {
    return new FactorialConnector(new FactorialClient(context.http, connection.credentials.apiKey), placementOf(connection.settings));
  },
};

export function placementOf(settings: Readonly<Record<string, unknown>>): FactorialPlacement {
  const companyId = stringSetting(settings, 'companyId');
  if (!companyId) throw new Error('factorial needs settings.companyId');
  return {
    companyId,
    legalEntityId: stringSetting(settings, 'legalEntityId'),
    locationId: stringSetting(settings, 'locationId'),
    teamId: stringSetting(settings, 'teamId'),
  };
}
