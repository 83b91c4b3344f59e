import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { RunningPayfitMock, startPayfitMock } from '../../mock-hris/payfit/payfit-mock.server';
import type { HrisConnection } from '../hris-connection';
import { HrisConnector, PushOptions, transientProgress } from '../hris-connector';
import { HrisHttp } from '../hris-http';
import { RedisSharedCache } from '../shared-cache';
import { PAYFIT_RATE_LIMIT_WAIT_MS } from './payfit.answers';
import { payfitDefinition } from './payfit.definition';
import { failureOf } from '../../../test/support/hris-failure';

/** Real HTTP against the PayFit double; the shared cache on the real Redis. */
describe('PayfitConnector', () => {
  const prefix = `test:payfit-connector:${randomBytes(6).toString('hex')}:`;
  const hired: EmployeeRecord = { ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord), startDate: '2027-01-04' };
  let mock: RunningPayfitMock;
  let redis: IORedis;
  let connector: HrisConnector;

  function connectorWith(apiKey: string): HrisConnector {
    const connection: HrisConnection = {
      id: 'payfit-test',
      name: 'PayFit test',
      provider: 'payfit',
      baseUrl: mock.url,
      credentials: { apiKey },
      settings: { companyId: mock.companyId },
    };
    const http = new HrisHttp({ vendor: 'PayFit', origin: mock.url, timeoutMs: 5000 });
    return payfitDefinition.create(connection, { http, cache: new RedisSharedCache(redis, prefix), now: () => new Date() });
  }

  function push(record: EmployeeRecord = hired, progress = transientProgress()): Promise<unknown> {
    const options: PushOptions = { idempotencyKey: 'hirebridge:test', progress };
    return connector.pushEmployee(record, options);
  }

  const posts = () => mock.requests.filter((r) => r.method === 'POST');
  const gets = () => mock.requests.filter((r) => r.method === 'GET');

  beforeAll(async () => {
    mock = await startPayfitMock();
    redis = new IORedis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    connector = connectorWith(mock.apiKey);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await mock.close();
  });
  beforeEach(() => {
    mock.reset();
    mock.options.contractAnswer = 'id';
    mock.options.emailFilter = 'contract';
  });

  it('creates the collaborator then its draft contract, with the record fields, and records each step', async () => {
    const progress = transientProgress();
    const outcome = await push(hired, progress);

    const [collaborator] = mock.collaborators;
    expect(outcome).toMatchObject({ kind: 'created', hrisId: collaborator.id, httpStatus: 201 });
    expect(posts().map((r) => [r.path, r.body])).toEqual([
      [`/companies/${mock.companyId}/collaborators`, { firstName: 'Hubert', lastName: 'Delajaque', personalEmail: 'delajaque@mail.com' }],
      [
        `/companies/${mock.companyId}/collaborators/${collaborator.id}/contracts`,
        { jobTitle: 'Account Executive', startDate: '2027-01-04' },
      ],
    ]);
    expect(mock.requests.every((r) => r.headers.authorization === `Bearer ${mock.apiKey}`)).toBe(true);
    expect(gets()[0].query.get('maxResults')).toBe('50');
    expect(collaborator.contracts).toEqual([expect.objectContaining({ status: 'draft', jobTitle: 'Account Executive' })]);
    expect(Object.keys(progress.steps)).toEqual(['createSent', 'collaboratorCreated', 'contractSent', 'contractCreated']);
    expect(progress.steps.contractCreated.data).toEqual({ collaboratorId: collaborator.id, contractId: collaborator.contracts[0].id });
    expect((outcome as { notices: string[] }).notices).toEqual([expect.stringMatching(/draft.*admin must complete/)]);
  });

  it('accepts a contract answered 201 with an empty body, saying the contract id is unknown', async () => {
    mock.options.contractAnswer = 'empty';
    const progress = transientProgress();
    const outcome = await push(hired, progress);

    expect(outcome).toMatchObject({ kind: 'created', hrisId: mock.collaborators[0].id, httpStatus: 201 });
    expect(progress.steps.contractCreated.data).toEqual({ collaboratorId: mock.collaborators[0].id });
    expect((outcome as { notices: string[] }).notices[0]).toMatch(/did not return its id.*draft/);
  });

  it('answers existing without a call when an earlier attempt completed the push', async () => {
    const progress = transientProgress();
    await progress.record('contractCreated', { collaboratorId: 'c-1', contractId: 'k-1' });
    expect(await push(hired, progress)).toMatchObject({ kind: 'existing', hrisId: 'c-1' });
    expect(mock.requests).toHaveLength(0);
  });

  it('links a collaborator found by the email filter (a contract email), with the name PayFit holds', async () => {
    const existing = mock.addCollaborator({
      firstName: 'Hubert',
      lastName: 'De La Jaque',
      personalEmail: 'hubert.perso@mail.com',
      contracts: [{ jobTitle: 'AE', startDate: '2020-01-01', status: 'active', email: 'Delajaque@mail.com' }],
    });
    const outcome = await push();

    expect(outcome).toMatchObject({ kind: 'linked', hrisId: existing.id, foundName: { firstName: 'Hubert', lastName: 'De La Jaque' } });
    expect(posts()).toHaveLength(0);
    expect(gets().map((r) => r.query.get('email'))).toEqual(['delajaque@mail.com']);
  });

  it('links a collaborator the filter misses by matching the personal email over the whole roster', async () => {
    for (let i = 0; i < 60; i++) mock.addCollaborator({ firstName: 'F', lastName: `L${i}`, personalEmail: `p${i}@mail.com` });
    const existing = mock.addCollaborator({ firstName: 'Hubert', lastName: 'Delajaque', personalEmail: 'delajaque@mail.com' });
    const outcome = await push();

    expect(outcome).toMatchObject({ kind: 'linked', hrisId: existing.id });
    expect((outcome as { notices: string[] }).notices).toEqual([expect.stringMatching(/without a contract/)]);
    expect(gets().map((r) => [r.query.get('email'), r.query.get('nextPageToken') !== null])).toEqual([
      ['delajaque@mail.com', false],
      [null, false],
      [null, true],
    ]);
    expect(posts()).toHaveLength(0);
  });

  it('fails for good, field by field, when the hire lacks what PayFit requires, before any call', async () => {
    const failure = await failureOf(push({ ...hired, email: null, startDate: null }));
    expect(failure).toMatchObject({ kind: 'permanent', authenticationFailed: false });
    expect(failure.fieldErrors.map((e) => e.field)).toEqual(['email', 'startDate']);
    expect(mock.requests).toHaveLength(0);
  });

  it("keeps PayFit's field messages of a refused collaborator", async () => {
    const failure = await failureOf(push({ ...hired, firstName: ' ' }));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 400 });
    expect(failure.fieldErrors).toEqual([{ field: 'firstName', message: 'firstName is required' }]);
    expect(failure.message).toMatch(/PayFit answered 400 to the collaborator create: Validation failed/);
  });

  it('waits after a 429 without Retry-After, then goes on', async () => {
    mock.faults.throttleNext(1);
    const failure = await failureOf(push());
    expect(failure).toMatchObject({ kind: 'rate_limited', httpStatus: 429, delayMs: PAYFIT_RATE_LIMIT_WAIT_MS });
    expect(failure.responseExcerpt).toContain('API rate limit exceeded');
    expect(await push()).toMatchObject({ kind: 'created' });
  });

  it('retries a 5xx, then creates one collaborator', async () => {
    mock.faults.failNext(1, 503);
    const progress = transientProgress();
    expect(await failureOf(push(hired, progress))).toMatchObject({ kind: 'retryable', httpStatus: 503 });
    expect(await push(hired, progress)).toMatchObject({ kind: 'created' });
    expect(mock.collaborators).toHaveLength(1);
  });

  it.each(['contract', 'any'] as const)(
    'resolves a collaborator create whose answer was lost by a look-up, then adds the contract (email filter matching %s emails)',
    async (emailFilter) => {
      mock.options.emailFilter = emailFilter;
      mock.faults.dropAfterStore(1);
      const progress = transientProgress();
      const lost = await failureOf(push(hired, progress));
      expect(lost).toMatchObject({ kind: 'retryable', noAnswer: true });
      expect(progress.steps.createSent).toBeDefined();
      expect(progress.steps.collaboratorCreated).toBeUndefined();

      const outcome = await push(hired, progress);
      expect(mock.collaborators).toHaveLength(1);
      expect(mock.collaborators[0].contracts).toHaveLength(1);
      expect(outcome).toMatchObject({ kind: 'created', hrisId: mock.collaborators[0].id });
      expect(posts().map((r) => r.path.endsWith('/contracts'))).toEqual([false, true]);
    },
  );

  it('resumes at the contract when the contract step failed, without a second collaborator', async () => {
    mock.failNextContracts(1, 500);
    const progress = transientProgress();
    expect(await failureOf(push(hired, progress))).toMatchObject({ kind: 'retryable', httpStatus: 500 });
    expect(progress.steps.collaboratorCreated.data.collaboratorId).toBe(mock.collaborators[0].id);
    expect(mock.collaborators[0].contracts).toHaveLength(0);

    mock.requests.length = 0;
    const outcome = await push(hired, progress);
    expect(outcome).toMatchObject({ kind: 'created', hrisId: mock.collaborators[0].id });
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /companies/${mock.companyId}/collaborators/${mock.collaborators[0].id}/contracts`,
    ]);
    expect(mock.collaborators).toHaveLength(1);
    expect(mock.collaborators[0].contracts).toHaveLength(1);
  });

  it('does not add a second contract when the contract answer was lost but PayFit lists the draft', async () => {
    mock.dropNextContract();
    const progress = transientProgress();
    expect(await failureOf(push(hired, progress))).toMatchObject({ kind: 'retryable', noAnswer: true });
    expect(await push(hired, progress)).toMatchObject({ kind: 'created', hrisId: mock.collaborators[0].id });
    expect(mock.collaborators[0].contracts).toHaveLength(1);
  });

  it('reports refused credentials as an authentication failure, for pushes and connection tests', async () => {
    const wrong = connectorWith('not-the-key');
    const failure = await failureOf(wrong.pushEmployee(hired, { idempotencyKey: 'k', progress: transientProgress() }));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 401, authenticationFailed: true });
    expect(await wrong.testConnection()).toEqual({ ok: false, detail: expect.stringMatching(/refused the API key \(401\)/) });
  });

  it('tests the connection with a one-collaborator read', async () => {
    expect(await connector.testConnection()).toEqual({ ok: true, detail: expect.stringMatching(/collaborator list \(200\)/) });
    expect(mock.requests.map((r) => [r.method, r.query.get('maxResults')])).toEqual([['GET', '1']]);
  });
});
