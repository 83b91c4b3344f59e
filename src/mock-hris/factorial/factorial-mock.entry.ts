import { choiceOption, numberOption } from '../mock-faults';
import type { VendorMockEntry } from '../vendor-mock';
import { FactorialValidationShape, startFactorialMock } from './factorial-mock.server';

/** `npm run start:mock -- --vendor factorial [--set apiKey=...] [--set requestsPerMinute=60] ...` */
export const factorialMockEntry: VendorMockEntry = {
  vendor: 'factorial',
  usage: '--set apiKey=<key> companyId=<id> validationShape=map|list numericIds=true requestsPerMinute=<n> fail5xx=<n> dropAfterStore=<n>',
  async start({ host, port, extra }) {
    const mock = await startFactorialMock({
      host,
      port,
      apiKey: extra.apiKey,
      companyId: extra.companyId,
      validationShape: choiceOption<FactorialValidationShape>(extra, 'validationShape', ['map', 'list']),
      numericIds: choiceOption(extra, 'numericIds', ['true', 'false']) === 'true',
      requestsPerMinute: numberOption(extra, 'requestsPerMinute') ?? null,
    });
    mock.faults.failNext(numberOption(extra, 'fail5xx') ?? 0);
    mock.faults.dropAfterStore(numberOption(extra, 'dropAfterStore') ?? 0);
    const connection = {
      provider: 'factorial',
      baseUrl: mock.url,
      credentials: { apiKey: mock.apiKey },
      settings: { companyId: mock.companyId },
    };
    return {
      url: mock.url,
      close: () => mock.close(),
      banner: [
        `connection: ${JSON.stringify(connection)}`,
        `422 shape: ${mock.options.validationShape}; ids as ${mock.options.numericIds ? 'numbers' : 'strings'}; limit: ${mock.options.requestsPerMinute === null ? 'none' : `${mock.options.requestsPerMinute}/min`}`,
      ].join('\n'),
    };
  },
};
