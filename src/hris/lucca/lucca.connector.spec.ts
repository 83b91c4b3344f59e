import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { LuccaMock, startLuccaMock } from '../../mock-hris/lucca/lucca-mock.server';
import type { HrisConnection } from '../hris-connection';
import { HrisConnector, PushOptions, PushProgress, transientProgress } from '../hris-connector';
import { HrisHttp } from '../hris-http';
import { RedisSharedCache } from '../shared-cache';
import { ARCHETYPES_CACHE_KEY, LUCCA_STEPS } from './lucca.connector';
import { luccaDefinition } from './lucca.definition';
import { failureOf } from '../../../test/support/hris-failure';

const USERS = '/api/v3/users';
const CONTRACTS = '/directory/api/4.0/work-contracts';
const ARCHETYPES = '/directory/api/work-contract-archetypes';

/** Real HTTP against the Lucca mock, the archetype cache in the real Redis. */
describe('LuccaConnector', () => {
  const prefix = `test:lucca.connector:${randomUUID()}:`;
  let redis: IORedis;
  let mock: LuccaMock;
  let clock: number;
  let namespace: string;
  let people = 0;

  beforeAll(() => {
    redis = new IORedis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  beforeEach(async () => {
    clock = Date.parse('2026-11-30T10:00:00Z');
    mock = await startLuccaMock({ apiKey: 'good-key', abortAfterMs: 20, now: () => clock });
    namespace = `${prefix}${randomUUID()}:`;
  });
  afterEach(() => mock.close());

  function connectorFor(overrides: Partial<HrisConnection> = {}, cacheNamespace = namespace): HrisConnector {
    const connection: HrisConnection = {
      id: 'conn-1',
      name: 'Acme Lucca',
      provider: 'lucca',
      baseUrl: mock.url,
      credentials: { apiKey: 'good-key' },
      settings: { legalEntityId: 1, departmentId: 2, establishmentId: 1 },
      ...overrides,
    };
    return luccaDefinition.create(connection, {
      http: new HrisHttp({ vendor: 'Lucca', origin: mock.url, timeoutMs: 2000 }),
      cache: new RedisSharedCache(redis, cacheNamespace),
      now: () => new Date(clock),
    });
  }

  /** A new person each time, hired on a CDI from 4 January. */
  function hire(overrides: Partial<EmployeeRecord> = {}): EmployeeRecord {
    people++;
    const base = expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord;
    return { ...base, email: `hubert.delajaque+${people}@acme.example`, contractType: 'CDI', startDate: '2027-01-04', ...overrides };
  }

  function options(progress: PushProgress = transientProgress()): PushOptions {
    return { idempotencyKey: `hirebridge:${people}`, progress };
  }

  it('looks the email up, creates the user, then its work contract, and records each step', async () => {
    const record = hire();
    const progress = transientProgress();
    const outcome = await connectorFor().pushEmployee(record, options(progress));

    expect(mock.users).toHaveLength(1);
    const user = mock.users[0];
    expect(outcome).toMatchObject({ kind: 'created', hrisId: String(user.id), httpStatus: 200 });
    expect(outcome.notices?.[0]).toMatch(/work contract \d+ created as "CDI" \(id 1\)/);

    const [lookUp] = mock.requestsTo('GET', USERS);
    expect(Object.fromEntries(lookUp.query)).toEqual({ mail: record.email, formerEmployees: 'true', fields: 'id,firstName,lastName,mail' });
    const [create] = mock.requestsTo('POST', USERS);
    expect(create.authorization).toBe('lucca application=good-key');
    expect(create.query.get('contract')).toBe('false');
    expect(create.body).toEqual({
      firstName: 'Hubert',
      lastName: 'Delajaque',
      mail: record.email,
      login: record.email,
      professionalMobile: '+33676564523',
      jobTitle: 'Account Executive',
      legalEntityId: 1,
      departmentId: 2,
      dtContractStart: '2027-01-04T00:00:00',
    });
    const [contract] = mock.requestsTo('POST', CONTRACTS);
    expect(contract.body).toEqual({
      ownerId: user.id,
      startsOn: '2027-01-04',
      typeId: 1,
      establishmentId: 1,
      externalId: 'flatchr:60:1260',
    });
    expect(mock.contracts).toEqual([expect.objectContaining({ ownerId: user.id, typeId: 1, startsOn: '2027-01-04' })]);

    expect(Object.keys(progress.steps)).toEqual([
      LUCCA_STEPS.createSent,
      LUCCA_STEPS.userCreated,
      LUCCA_STEPS.contractSent,
      LUCCA_STEPS.contractCreated,
    ]);
    expect(progress.steps.userCreated.data).toEqual({ id: String(user.id) });
    expect(progress.steps.contractCreated.data).toEqual({ id: String(mock.contracts[0].id), userId: String(user.id) });
  });

  it('links a person Lucca already has (a leaver included), with the name it holds, and creates nothing', async () => {
    const record = hire();
    const existing = mock.seedUser({ mail: record.email!.toUpperCase(), firstName: 'Hubert', lastName: 'De La Jaque', former: true });
    const outcome = await connectorFor().pushEmployee(record, options());

    expect(outcome).toMatchObject({
      kind: 'linked',
      hrisId: String(existing.id),
      foundName: { firstName: 'Hubert', lastName: 'De La Jaque' },
    });
    expect(mock.requestsTo('POST', USERS)).toHaveLength(0);
    expect(mock.requestsTo('POST', CONTRACTS)).toHaveLength(0);
    expect(mock.users).toHaveLength(1);
  });

  it("reports Lucca's validation errors field by field, for good", async () => {
    const failure = await failureOf(connectorFor({ settings: { legalEntityId: 99, departmentId: 2 } }).pushEmployee(hire(), options()));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 400, authenticationFailed: false });
    expect(failure.fieldErrors).toEqual([{ field: 'legalEntityId', message: 'No legalEntity with id 99.' }]);
    expect(failure.message).toMatch(/Lucca answered 400 to the user create: .*legalEntityId: No legalEntity with id 99/);
    expect(mock.users).toHaveLength(0);
  });

  it('calls a 400 on the mail a validation error when no user has that email', async () => {
    const failure = await failureOf(connectorFor().pushEmployee(hire({ email: 'not-an-email@nowhere' }), options()));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 400 });
    expect(failure.fieldErrors).toEqual([{ field: 'mail', message: 'The mail field is not a valid e-mail address.' }]);
    // The look-up that settles "taken or invalid", after the one before the create.
    expect(mock.requestsTo('GET', USERS)).toHaveLength(2);
  });

  it('refuses a hire without email or start date before calling Lucca', async () => {
    const failure = await failureOf(connectorFor().pushEmployee(hire({ email: null, startDate: null }), options()));
    expect(failure.kind).toBe('permanent');
    expect(failure.fieldErrors.map((e) => e.field)).toEqual(['email', 'startDate']);
    expect(mock.requests).toHaveLength(0);
  });

  it("waits for Lucca's Retry-After when the tenant's 50 requests a minute are spent", async () => {
    mock.setRequestsPerMinute(1);
    const failure = await failureOf(connectorFor().pushEmployee(hire(), options()));
    // The look-up took the only slot at `clock`; the archetype list is refused until it leaves the window.
    expect(failure).toMatchObject({ kind: 'rate_limited', httpStatus: 429, delayMs: 60_000 });
    expect(mock.requests.map((r) => r.status)).toEqual([200, 429]);
  });

  it('retries a 5xx, and the next attempt creates the person once', async () => {
    mock.failNext(1, 503);
    const record = hire();
    const progress = transientProgress();
    expect(await failureOf(connectorFor().pushEmployee(record, options(progress)))).toMatchObject({ kind: 'retryable', httpStatus: 503 });
    expect(await connectorFor().pushEmployee(record, options(progress))).toMatchObject({ kind: 'created' });
    expect(mock.users).toHaveLength(1);
    expect(mock.contracts).toHaveLength(1);
  });

  it("retries Lucca's 408 (a request over 5 s is aborted)", async () => {
    mock.slowNext(1);
    expect(await failureOf(connectorFor().pushEmployee(hire(), options()))).toMatchObject({ kind: 'retryable', httpStatus: 408 });
  });

  it('finishes a create whose answer never came with the user Lucca stored, never a second user', async () => {
    const record = hire();
    const progress = transientProgress();
    mock.dropNextUserCreate();
    const lost = await failureOf(connectorFor().pushEmployee(record, options(progress)));
    expect(lost).toMatchObject({ kind: 'retryable', noAnswer: true, httpStatus: null });
    expect(Object.keys(progress.steps)).toEqual([LUCCA_STEPS.createSent]);
    expect(mock.users).toHaveLength(1);

    const outcome = await connectorFor().pushEmployee(record, options(progress));
    expect(outcome).toMatchObject({ kind: 'created', hrisId: String(mock.users[0].id) });
    expect(mock.users).toHaveLength(1);
    expect(mock.requestsTo('POST', USERS)).toHaveLength(1);
    expect(mock.contracts).toEqual([expect.objectContaining({ ownerId: mock.users[0].id })]);
  });

  it('resumes a push whose work contract failed with the contract alone', async () => {
    const record = hire();
    const progress = transientProgress();
    mock.failNextContracts(1, 500);
    expect(await failureOf(connectorFor().pushEmployee(record, options(progress)))).toMatchObject({ kind: 'retryable', httpStatus: 500 });
    expect(progress.steps.userCreated.data.id).toBe(String(mock.users[0].id));
    expect(mock.contracts).toHaveLength(0);

    const outcome = await connectorFor().pushEmployee(record, options(progress));
    expect(outcome).toMatchObject({ kind: 'created', hrisId: String(mock.users[0].id) });
    expect(mock.users).toHaveLength(1);
    expect(mock.contracts).toHaveLength(1);
    expect(mock.requestsTo('POST', USERS)).toHaveLength(1);
    // Resuming goes straight to the contract: no look-up.
    expect(mock.requestsTo('GET', USERS)).toHaveLength(1);
  });

  it('finishes a contract create whose answer never came with the contract Lucca stored, never a second one', async () => {
    const record = hire();
    const progress = transientProgress();
    mock.dropNextContractCreate();
    expect(await failureOf(connectorFor().pushEmployee(record, options(progress)))).toMatchObject({ kind: 'retryable', noAnswer: true });
    expect(mock.contracts).toHaveLength(1);

    const outcome = await connectorFor().pushEmployee(record, options(progress));
    expect(outcome).toMatchObject({ kind: 'created', hrisId: String(mock.users[0].id) });
    expect(progress.steps.contractCreated.data.id).toBe(String(mock.contracts[0].id));
    expect(mock.requestsTo('POST', CONTRACTS)).toHaveLength(1);
    expect(mock.contracts).toHaveLength(1);
  });

  it('calls refused credentials a permanent authentication failure', async () => {
    const failure = await failureOf(connectorFor({ credentials: { apiKey: 'wrong-key' } }).pushEmployee(hire(), options()));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 401, authenticationFailed: true });
  });

  it('reads the archetype list once for two pushes, from the cache every worker shares', async () => {
    await connectorFor().pushEmployee(hire(), options());
    // Another connector instance on the same connection namespace, as another worker process would build.
    await connectorFor().pushEmployee(hire({ contractType: 'CDD' }), options());
    expect(mock.requestsTo('GET', ARCHETYPES)).toHaveLength(1);
    expect(mock.contracts.map((c) => c.typeId)).toEqual([1, 2]);
    expect(JSON.parse((await redis.get(namespace + ARCHETYPES_CACHE_KEY))!)).toContainEqual({ id: 3, name: 'Convention de stage' });
    expect(await redis.pttl(namespace + ARCHETYPES_CACHE_KEY)).toBeGreaterThan(23 * 60 * 60 * 1000);
  });

  it("uses the connection's contractTemplates over the tenant's names, without reading the list", async () => {
    const settings = { legalEntityId: 1, departmentId: 1, contractTemplates: { CDI: 2 } };
    await connectorFor({ settings }).pushEmployee(hire(), options());
    expect(mock.requestsTo('GET', ARCHETYPES)).toHaveLength(0);
    expect(mock.contracts[0]).toMatchObject({ typeId: 2, establishmentId: 1 });
    expect(mock.requestsTo('POST', CONTRACTS)[0].body).not.toHaveProperty('establishmentId');
  });

  it('fails for good, naming the archetypes, when none matches the contract type, and creates nobody', async () => {
    await mock.close();
    mock = await startLuccaMock({
      apiKey: 'good-key',
      archetypes: [
        { id: 7, name: 'CDI' },
        { id: 8, name: 'CDD' },
      ],
    });
    const failure = await failureOf(connectorFor().pushEmployee(hire({ contractType: 'INTERNSHIP' }), options()));
    expect(failure.kind).toBe('permanent');
    expect(failure.message).toContain('no Lucca work-contract archetype matches INTERNSHIP');
    expect(failure.message).toContain('available archetypes: "CDI" (id 7), "CDD" (id 8)');
    expect(failure.message).toContain('settings.contractTemplates.INTERNSHIP');
    expect(mock.users).toHaveLength(0);
  });

  describe.each([
    ['bad-request', 400],
    ['conflict', 409],
  ] as const)('when Lucca answers a taken email with %s', (reading, status) => {
    it(`links the person it already has (HTTP ${status})`, async () => {
      mock.setDuplicateEmail(reading);
      const record = hire();
      // Created by another tool an instant before: the first look-up misses them.
      const other = mock.seedUser({ mail: record.email!, firstName: 'Hubert', lastName: 'Delajaque', missedByListReads: 1 });
      const progress = transientProgress();
      const outcome = await connectorFor().pushEmployee(record, options(progress));

      expect(mock.requestsTo('POST', USERS).map((r) => r.status)).toEqual([status]);
      expect(outcome).toMatchObject({ kind: 'linked', hrisId: String(other.id), httpStatus: status });
      expect(outcome.foundName).toEqual({ firstName: 'Hubert', lastName: 'Delajaque' });
      expect(mock.users).toHaveLength(1);
      expect(mock.contracts).toHaveLength(0);

      // Pushed again (its outcome was not saved): `createSent` is there, yet the person stays linked, with no contract.
      expect(await connectorFor().pushEmployee(record, options(progress))).toMatchObject({ kind: 'linked', hrisId: String(other.id) });
      expect(mock.requestsTo('POST', USERS)).toHaveLength(1);
      expect(mock.contracts).toHaveLength(0);
    });
  });

  it('tests the connection with a one-user read, and reports a refused key', async () => {
    expect(await connectorFor().testConnection()).toEqual({ ok: true, detail: 'Lucca answered the user list (200)' });
    const [probe] = mock.requestsTo('GET', USERS);
    expect(Object.fromEntries(probe.query)).toEqual({ paging: '0,1', fields: 'id' });

    const refused = await connectorFor({ credentials: { apiKey: 'wrong-key' } }).testConnection();
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/refused the API key \(401\)/);
    expect(refused.detail).not.toContain('wrong-key');
  });
});
