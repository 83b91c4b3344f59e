import { bambooHrMockEntry } from './bamboohr/bamboohr-mock.entry';
import { hiBobMockEntry } from './hibob/hibob-mock.entry';
import type { VendorMockEntry } from './vendor-mock';

/** Every vendor mock `npm run start:mock -- --vendor <name>` can start (one folder each in src/mock-hris/). */
export const VENDOR_MOCKS: readonly VendorMockEntry[] = [bambooHrMockEntry, hiBobMockEntry];
