/**
 * `npm run start:mock-flatchr -- [--port 4300] [--host 127.0.0.1] [--api-key K] [--company-key K]
 * [--user-email E --user-password P] [--seed-hires N] [--fault STATUS[:COUNT]]... [--fail-rate R]
 * [reading flags]`: Flatchr's REST API on its own, for demos and the catch-up by hand. Configured by
 * flags only (the environment is read in one place, and not here).
 */
import { parseArgs } from 'node:util';
import { startFlatchrMock } from './mock-flatchr.server';
import { demoHires, demoVacancies } from './mock-flatchr.seed';
import type { MockFlatchrFault, MockFlatchrReadings } from './mock-flatchr.types';

export const USAGE = `usage: node dist/mock-flatchr/main.js [--port 4300] [--host 127.0.0.1] [--api-key dev-flatchr-key]
    [--company-key G6KzqPnNLyp31m0l] [--user-email recruiter@example.com] [--user-password dev-password]
    [--seed-hires 20] [--fault STATUS[:COUNT]]... [--fail-rate 0..1] [--fail-status 503]
  readings of undocumented points (see docs/flatchr-api.md):
    [--hired-filter string|boolean|either] [--paging none|page] [--cap N] [--end-exclusive]
    [--no-candidate-id] [--no-applicant-route] [--vacancy-id encoded|plain]
    [--comment-encoding json|multipart|either] [--tag-auth api-key|user-token] [--contracts label|name|map]
  control: POST /__mock/applicants, /__mock/vacancies, /__mock/faults (JSON), /__mock/expire-api-key;
           GET /__mock/requests, /__mock/comments`;

export function parseMockFlatchrArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4300' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string', default: 'dev-flatchr-key' },
      'company-key': { type: 'string', default: 'G6KzqPnNLyp31m0l' },
      'user-email': { type: 'string', default: 'recruiter@example.com' },
      'user-password': { type: 'string', default: 'dev-password' },
      'seed-hires': { type: 'string', default: '20' },
      fault: { type: 'string', multiple: true, default: [] },
      'fail-rate': { type: 'string', default: '0' },
      'fail-status': { type: 'string', default: '503' },
      'hired-filter': { type: 'string', default: 'either' },
      paging: { type: 'string', default: 'none' },
      cap: { type: 'string' },
      'end-exclusive': { type: 'boolean', default: false },
      'no-candidate-id': { type: 'boolean', default: false },
      'no-applicant-route': { type: 'boolean', default: false },
      'vacancy-id': { type: 'string', default: 'encoded' },
      'comment-encoding': { type: 'string', default: 'either' },
      'tag-auth': { type: 'string', default: 'api-key' },
      contracts: { type: 'string', default: 'label' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const int = (name: string, text: string, max = Number.MAX_SAFE_INTEGER) => {
    if (!/^\d+$/.test(text) || Number(text) > max) throw new Error(`--${name} must be a whole number up to ${max}, not "${text}"`);
    return Number(text);
  };
  const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new Error(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
    return value as T;
  };
  const failRate = Number(values['fail-rate']);
  if (!(failRate >= 0 && failRate <= 1)) throw new Error(`--fail-rate must be from 0 to 1, not "${values['fail-rate']}"`);
  const faults: MockFlatchrFault[] = values.fault.flatMap((spec) => {
    const m = /^(\d{3})(?::(\d+))?$/.exec(spec);
    if (!m) throw new Error(`--fault takes STATUS[:COUNT] (e.g. 429:2), not "${spec}"`);
    return Array.from({ length: Number(m[2] ?? 1) }, () => ({ status: Number(m[1]), ...(m[1] === '429' ? { retryAfterSeconds: 1 } : {}) }));
  });
  const paging = oneOf('paging', values.paging, ['none', 'page'] as const);
  const readings: Partial<MockFlatchrReadings> = {
    hiredFilter: oneOf('hired-filter', values['hired-filter'], ['string', 'boolean', 'either'] as const),
    paging:
      paging === 'page'
        ? { kind: 'page', pageField: 'page', sizeField: 'limit', firstPage: 1 }
        : { kind: 'none', ...(values.cap !== undefined ? { cap: int('cap', values.cap) } : {}) },
    endDateInclusive: !values['end-exclusive'],
    searchIncludesCandidateId: !values['no-candidate-id'],
    applicantRoute: !values['no-applicant-route'],
    searchVacancyId: oneOf('vacancy-id', values['vacancy-id'], ['encoded', 'plain'] as const),
    commentEncoding: oneOf('comment-encoding', values['comment-encoding'], ['json', 'multipart', 'either'] as const),
    tagAuth: oneOf('tag-auth', values['tag-auth'], ['api-key', 'user-token'] as const),
    contractsShape: oneOf('contracts', values.contracts, ['label', 'name', 'map'] as const),
  };
  return {
    help: values.help,
    port: int('port', values.port, 65535),
    host: values.host,
    apiKey: values['api-key'],
    companyKey: values['company-key'],
    user: { email: values['user-email'], password: values['user-password'] },
    seedHires: int('seed-hires', values['seed-hires'], 100_000),
    faults,
    failRate,
    failStatus: int('fail-status', values['fail-status'], 599),
    readings,
  };
}

async function main(argv: string[]): Promise<void> {
  const args = parseMockFlatchrArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const vacancies = demoVacancies(args.companyKey);
  const mock = await startFlatchrMock({
    host: args.host,
    port: args.port,
    apiKey: args.apiKey,
    companyKey: args.companyKey,
    users: [{ ...args.user, firstname: 'Demo', lastname: 'Recruiter' }],
    vacancies,
    applicants: demoHires({ count: args.seedHires, latest: new Date(), vacancies }),
    readings: args.readings,
    faults: args.faults,
    failRate: args.failRate,
    failStatus: args.failStatus,
    logRequests: true,
  });
  process.stdout.write(
    [
      `mock Flatchr API listening on ${mock.url} (${args.seedHires} hired applicants seeded)`,
      `  FLATCHR_API_URL=${mock.url}`,
      `  settings.flatchrCompanyKey=${args.companyKey}  credentials.flatchrApiKey=${args.apiKey}`,
      `  credentials.flatchrUserEmail=${args.user.email}  credentials.flatchrUserPassword=${args.user.password}`,
      '',
    ].join('\n'),
  );
  const shutdown = () => void mock.close().then(() => process.exit(0));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, shutdown);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`mock-flatchr: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(1);
  });
}
