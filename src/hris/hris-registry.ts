import { bambooHrDefinition } from './bamboohr/bamboohr.definition';
import { factorialDefinition } from './factorial/factorial.definition';
import { genericSirhDefinition } from './generic-sirh/generic-sirh.definition';
import { hiBobDefinition } from './hibob/hibob.definition';
import type { HrisConnectorDefinition } from './hris-connector-definition';
import type { HrisProvider } from './hris-provider';
import { luccaDefinition } from './lucca/lucca.definition';
import { payfitDefinition } from './payfit/payfit.definition';
import { personioDefinition } from './personio/personio.definition';

/** Every provider a connection can use, one definition each (src/hris/<provider>/<provider>.definition.ts). */
const DEFINITIONS: readonly HrisConnectorDefinition[] = [
  genericSirhDefinition,
  luccaDefinition,
  payfitDefinition,
  factorialDefinition,
  personioDefinition,
  bambooHrDefinition,
  hiBobDefinition,
];

export function hrisDefinition(provider: HrisProvider): HrisConnectorDefinition | undefined {
  return DEFINITIONS.find((d) => d.provider === provider);
}

export function availableProviders(): HrisProvider[] {
  return DEFINITIONS.map((d) => d.provider);
}
