import { bambooHrDefinition } from './bamboohr/bamboohr.definition';
import { genericSirhDefinition } from './generic-sirh/generic-sirh.definition';
import { hiBobDefinition } from './hibob/hibob.definition';
import type { HrisConnectorDefinition } from './hris-connector-definition';
import type { HrisProvider } from './hris-provider';

/** Every provider a connection can use, one definition each (src/hris/<provider>/<provider>.definition.ts). */
const DEFINITIONS: readonly HrisConnectorDefinition[] = [genericSirhDefinition, bambooHrDefinition, hiBobDefinition];

export function hrisDefinition(provider: HrisProvider): HrisConnectorDefinition | undefined {
  return DEFINITIONS.find((d) => d.provider === provider);
}

export function availableProviders(): HrisProvider[] {
  return DEFINITIONS.map((d) => d.provider);
}
