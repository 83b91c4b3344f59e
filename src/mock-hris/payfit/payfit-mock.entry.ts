import { choiceOption, numberOption } from '../mock-faults';
import type { VendorMockEntry } from '../vendor-mock';
import { PayfitContractAnswer, PayfitEmailFilter, startPayfitMock } from './payfit-mock.server';

/** `npm run start:mock -- --vendor payfit [--set apiKey=...] [--set contractAnswer=empty] ...` */
export const payfitMockEntry: VendorMockEntry = {
  vendor: 'payfit',
  usage:
    '--set apiKey=<key> companyId=<id> contractAnswer=id|empty emailFilter=contract|any readsPerSecond=<n> writesPerSecond=<n> fail5xx=<n> dropAfterStore=<n> failContracts=<n>',
  async start({ host, port, extra }) {
    const contractAnswer = choiceOption<PayfitContractAnswer>(extra, 'contractAnswer', ['id', 'empty']);
    const emailFilter = choiceOption<PayfitEmailFilter>(extra, 'emailFilter', ['contract', 'any']);
    const mock = await startPayfitMock({
      host,
      port,
      apiKey: extra.apiKey,
      companyId: extra.companyId,
      contractAnswer,
      emailFilter,
      readsPerSecond: numberOption(extra, 'readsPerSecond'),
      writesPerSecond: numberOption(extra, 'writesPerSecond'),
    });
    mock.faults.failNext(numberOption(extra, 'fail5xx') ?? 0);
    mock.faults.dropAfterStore(numberOption(extra, 'dropAfterStore') ?? 0);
    mock.failNextContracts(numberOption(extra, 'failContracts') ?? 0);
    const connection = {
      provider: 'payfit',
      baseUrl: mock.url,
      credentials: { apiKey: mock.apiKey },
      settings: { companyId: mock.companyId },
    };
    return {
      url: mock.url,
      close: () => mock.close(),
      banner: [
        `connection: ${JSON.stringify(connection)}`,
        `contract answer: ${mock.options.contractAnswer}; email filter matches: ${mock.options.emailFilter} emails`,
        `limits: ${mock.options.readsPerSecond} reads/s, ${mock.options.writesPerSecond} writes/s`,
      ].join('\n'),
    };
  },
};
