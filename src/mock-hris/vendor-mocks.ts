import { bambooHrMockEntry } from './bamboohr/bamboohr-mock.entry';
import { factorialMockEntry } from './factorial/factorial-mock.entry';
import { hiBobMockEntry } from './hibob/hibob-mock.entry';
import { luccaMockEntry } from './lucca/lucca-mock.entry';
import { payfitMockEntry } from './payfit/payfit-mock.entry';
import { personioMockEntry } from './personio/personio-mock.entry';
import type { VendorMockEntry } from './vendor-mock';

/** Every vendor mock `npm run start:mock -- --vendor <name>` can start (one folder each in src/mock-hris/). */
export const VENDOR_MOCKS: readonly VendorMockEntry[] = [
  luccaMockEntry,
  payfitMockEntry,
  factorialMockEntry,
  personioMockEntry,
  bambooHrMockEntry,
  hiBobMockEntry,
];
