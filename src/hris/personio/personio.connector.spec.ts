import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { TEST_REDIS_URL } from '../../../test/harness/local-services';
import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { PersonioMock, PersonioMockOptions, startPersonioMock } from '../../mock-hris/personio/personio-mock.server';
import { HrisConnection } from '../hris-connection';
import { HrisConnector, PushProgress, transientProgress } from '../hris-connector';
import { HrisFailure } from '../hris-failure';
import { HrisHttp } from '../hris-http';
import { hrisDefinition } from '../hris-registry';
import { RedisSharedCache } from '../shared-cache';
import { PERSONIO_STEPS } from './personio.connector';
import { personioDefinition } from './personio.definition';

const PREFIX = `test:personio-connector:${randomUUID()}:`;

describe('PersonioConnector against the Personio mock and Redis', () => {
  let redis: IORedis;
  const mocks: PersonioMock[] = [];

  beforeAll(() => {
    redis = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
  });
  afterEach(async () => {
    await Promise.all(mocks.splice(0).map((m) => m.close()));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const hire = (overrides: Partial<EmployeeRecord> = {}): EmployeeRecord =>
    ({
      ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord),
      startDate: '2027-01-04',
      ...overrides,
    }) as EmployeeRecord;
  const push = (connector: HrisConnector, record = hire(), progress: PushProgress = transientProgress()) =>
    connector.pushEmployee(record, { idempotencyKey: `hirebridge:${record.externalId}`, progress });
  const failureOf = async (promise: Promise<unknown>): Promise<HrisFailure> => {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HrisFailure);
    return err as HrisFailure;
  };

  interface Setup {
    mock: PersonioMock;
    /** A connector as another worker would build it: its own HTTP, the same Redis namespace. */
    connector(overrides?: { clientSecret?: string; now?: () => Date }): HrisConnector;
  }

  async function setup(mockOptions: PersonioMockOptions = {}, settings: Record<string, unknown> = {}): Promise<Setup> {
    const mock = await startPersonioMock(mockOptions);
    mocks.push(mock);
    const namespace = `${PREFIX}${randomUUID()}:`;
    return {
      mock,
      connector: (overrides = {}) => {
        const connection: HrisConnection = {
          id: 'personio-test',
          name: 'Personio test',
          provider: 'personio',
          baseUrl: mock.url,
          credentials: { clientId: mock.clientId, clientSecret: overrides.clientSecret ?? mock.clientSecret },
          settings,
        };
        const http = new HrisHttp({ vendor: 'Personio', origin: mock.url, timeoutMs: 5000 });
        return personioDefinition.create(connection, {
          http,
          cache: new RedisSharedCache(redis, namespace),
          now: overrides.now ?? (() => new Date()),
        });
      },
    };
  }

  const dataCalls = (mock: PersonioMock) => mock.requests.filter((r) => r.path !== '/v1/auth');

  it('is registered, with the documented origin and its settings checked field by field', () => {
    expect(hrisDefinition('personio')).toBe(personioDefinition);
    expect(personioDefinition.documentedOrigin({})).toBe('https://api.personio.de');
    expect(personioDefinition.validateSettings({ department: 'Sales', office: 'Paris', partnerId: 'ACME_PARTNER' }, false)).toEqual([]);
    expect(personioDefinition.validateSettings({ department: 42, office: ' ', appId: 'é\n' }, false).map((e) => e.field)).toEqual([
      'settings.department',
      'settings.office',
      'settings.appId',
    ]);
  });

  it('creates the employee: credentials in the auth body, a look-up, then the create, progress recorded', async () => {
    const { mock, connector } = await setup({}, { department: 'Sales', office: 'Paris', partnerId: 'HB_PARTNER', appId: 'HIREBRIDGE' });
    const progress = transientProgress();
    const outcome = await push(connector(), hire(), progress);

    const created = mock.employees().find((e) => e.email === 'delajaque@mail.com')!;
    expect(outcome).toMatchObject({ kind: 'created', hrisId: String(created.id), httpStatus: 200 });
    expect(outcome.notices).toBeUndefined();
    expect(created).toMatchObject({
      first_name: 'Hubert',
      last_name: 'Delajaque',
      position: 'Account Executive',
      department: 'Sales',
      office: 'Paris',
      hire_date: '2027-01-04',
    });
    expect(mock.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /v1/auth 200',
      'GET /v1/company/employees 200',
      'POST /v1/company/employees 200',
    ]);
    const [auth, lookUp, create] = mock.requests;
    expect(auth.query).toEqual({});
    expect(auth.body).toEqual({ client_id: mock.clientId, client_secret: mock.clientSecret });
    expect(lookUp.query).toMatchObject({ email: ['delajaque@mail.com'], 'attributes[]': ['first_name', 'last_name', 'email'] });
    expect(create.body).toEqual({
      employee: {
        email: 'delajaque@mail.com',
        first_name: 'Hubert',
        last_name: 'Delajaque',
        position: 'Account Executive',
        department: 'Sales',
        office: 'Paris',
        hire_date: '2027-01-04',
      },
    });
    for (const r of mock.requests)
      expect(r.headers).toMatchObject({ 'x-personio-partner-id': 'HB_PARTNER', 'x-personio-app-id': 'HIREBRIDGE' });
    expect(lookUp.headers.authorization).toMatch(/^Bearer papi-/);
    expect(Object.keys(progress.steps)).toEqual([PERSONIO_STEPS.createSent, PERSONIO_STEPS.employeeCreated]);
    expect(progress.steps.employeeCreated.data).toEqual({ id: String(created.id) });
  });

  it('links a person Personio already has, with the name it holds, without creating', async () => {
    const { mock, connector } = await setup({
      employees: [{ email: 'Delajaque@Mail.com', first_name: 'Hubert-Jean', last_name: 'Delajaque' }],
    });
    const outcome = await push(connector());
    expect(outcome).toMatchObject({
      kind: 'linked',
      hrisId: String(mock.employees()[0].id),
      httpStatus: 200,
      foundName: { firstName: 'Hubert-Jean', lastName: 'Delajaque' },
    });
    expect(mock.createCalls()).toHaveLength(0);
  });

  it("fails for good on Personio's 422, with the fields its message names", async () => {
    const { mock, connector } = await setup();
    const failure = await failureOf(push(connector(), hire({ email: 'not-an-email' })));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 422, authenticationFailed: false });
    expect(failure.message).toBe('Personio answered 422 to the employee creation: The email must be a valid email address.');
    expect(failure.fieldErrors).toEqual([{ field: 'email', message: 'The email must be a valid email address.' }]);
    expect(mock.employees()).toHaveLength(0);
  });

  it('fails for good before any call when the hire has no email', async () => {
    const { mock, connector } = await setup();
    const failure = await failureOf(push(connector(), hire({ email: null })));
    expect(failure).toMatchObject({ kind: 'permanent', fieldErrors: [{ field: 'email', message: expect.any(String) }] });
    expect(mock.requests).toHaveLength(0);
  });

  it('waits after a 429: Retry-After when given, at least one second', async () => {
    const { mock, connector } = await setup();
    const c = connector();
    mock.rateLimitNext(1, 7);
    expect(await failureOf(push(c))).toMatchObject({ kind: 'rate_limited', delayMs: 7000, httpStatus: 429 });
    mock.rateLimitNext(1);
    expect(await failureOf(push(c))).toMatchObject({ kind: 'rate_limited', delayMs: 1000 });
    mock.rateLimitNext(1, 0);
    expect(await failureOf(push(c))).toMatchObject({ kind: 'rate_limited', delayMs: 1000 });
    expect(mock.createCalls()).toHaveLength(0);
  });

  it('retries a 5xx, and the next attempt creates the employee once', async () => {
    const { mock, connector } = await setup();
    const c = connector();
    const progress = transientProgress();
    mock.failNext(1, 503, 'create');
    expect(await failureOf(push(c, hire(), progress))).toMatchObject({ kind: 'retryable', httpStatus: 503 });
    expect(await push(c, hire(), progress)).toMatchObject({ kind: 'created' });
    expect(mock.employees()).toHaveLength(1);
  });

  it('resolves a create whose answer never came by a look-up on the next attempt: no duplicate', async () => {
    const { mock, connector } = await setup();
    const c = connector();
    const progress = transientProgress();
    mock.dropAfterStoreNext(1);
    const lost = await failureOf(push(c, hire(), progress));
    expect(lost).toMatchObject({ kind: 'retryable', noAnswer: true, httpStatus: null });
    expect(progress.steps.createSent).toBeDefined();

    const outcome = await push(c, hire(), progress);
    expect(outcome).toMatchObject({ kind: 'existing', hrisId: String(mock.employees()[0].id) });
    expect(mock.employees()).toHaveLength(1);
    expect(mock.createCalls()).toHaveLength(1);
  });

  it.each([401, 403] as const)(
    'calls credentials refused with %i a permanent authentication failure, without asking again for a minute',
    async (status) => {
      const { mock, connector } = await setup({ wrongCredentialsStatus: status });
      const c = connector({ clientSecret: 'wrong-secret' });
      const failure = await failureOf(push(c));
      expect(failure).toMatchObject({ kind: 'permanent', authenticationFailed: true, httpStatus: status });
      expect(failure.message).toContain('Personio refused the API credentials');
      expect(await failureOf(push(connector({ clientSecret: 'wrong-secret' })))).toMatchObject({
        kind: 'permanent',
        authenticationFailed: true,
      });
      expect(mock.authCalls()).toHaveLength(1);
      expect(dataCalls(mock)).toHaveLength(0);
      // The right credentials are not held back by the refusal of the wrong ones.
      expect(await push(connector())).toMatchObject({ kind: 'created' });
    },
  );

  it('shares one token between connector instances (workers): one auth call for many pushes', async () => {
    const { mock, connector } = await setup();
    const workers = [connector(), connector()];
    for (let i = 0; i < 6; i++) await push(workers[i % 2], hire({ email: `hire${i}@mail.com`, externalId: `flatchr:60:${i}` }));
    expect(mock.employees()).toHaveLength(6);
    expect(mock.authCalls()).toHaveLength(1);
    expect(new Set(dataCalls(mock).map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('does a single auth call when two instances push at once', async () => {
    const { mock, connector } = await setup({ authDelayMs: 300 });
    const workers = [connector(), connector()];
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        push(workers[i % 2], hire({ email: `burst${i}@mail.com`, externalId: `flatchr:60:${100 + i}` })),
      ),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(Array(10).fill('created'));
    expect(mock.authCalls()).toHaveLength(1);
  });

  it('gets a new token when Personio answers 401, and retries the call once', async () => {
    const { mock, connector } = await setup();
    const workers = [connector(), connector()];
    await push(workers[0], hire({ email: 'first@mail.com' }));
    mock.expireTokens();
    expect(await push(workers[1], hire({ email: 'second@mail.com' }))).toMatchObject({ kind: 'created' });
    expect(await push(workers[0], hire({ email: 'third@mail.com' }))).toMatchObject({ kind: 'created' });
    expect(mock.authCalls()).toHaveLength(2);
    expect(dataCalls(mock).filter((r) => r.status === 401)).toHaveLength(1);
  });

  it('gets a new token before the old one expires, without a 401', async () => {
    const { mock, connector } = await setup();
    let now = Date.now();
    const c = connector({ now: () => new Date(now) });
    await push(c, hire({ email: 'before@mail.com' }));
    now += 24 * 60 * 60 * 1000 - 60 * 1000;
    await push(c, hire({ email: 'after@mail.com' }));
    expect(mock.authCalls()).toHaveLength(2);
    expect(dataCalls(mock).every((r) => r.status === 200)).toBe(true);
  });

  it('fails for good when Personio refuses even a freshly issued token', async () => {
    const { mock, connector } = await setup({ tokenTtlMs: 0 });
    const failure = await failureOf(push(connector()));
    expect(failure).toMatchObject({ kind: 'permanent', authenticationFailed: true, httpStatus: 401 });
    expect(mock.authCalls()).toHaveLength(2);
  });

  it('keeps away from the auth endpoint during its cool-down after a 429', async () => {
    const { mock, connector } = await setup({ authLimitPerMinute: 0 });
    expect(await failureOf(push(connector()))).toMatchObject({ kind: 'rate_limited', delayMs: 60_000, httpStatus: 429 });
    const second = await failureOf(push(connector()));
    expect(second.kind).toBe('rate_limited');
    expect(second.delayMs).toBeGreaterThan(50_000);
    expect(mock.authCalls()).toHaveLength(1);
  });

  it.each(['strings', 'objects'] as const)(
    'surfaces an unknown department Personio ignored as a notice (meta as %s)',
    async (metaShape) => {
      const { mock, connector } = await setup({ metaShape, departments: ['Sales'] }, { department: 'Growth', office: 'Paris' });
      const outcome = await push(connector());
      expect(outcome.kind).toBe('created');
      expect(outcome.notices).toEqual([expect.stringMatching(/^Personio ignored part of the employee: .*Growth/)]);
      expect(mock.employees()[0]).toMatchObject({ department: null, office: 'Paris' });
    },
  );

  it('tells HR to set the hire date when none was sent', async () => {
    const { connector } = await setup();
    const outcome = await push(connector(), hire({ startDate: null }));
    expect(outcome.notices).toEqual([expect.stringContaining('No hire date was sent')]);
  });

  it('tests the connection with the auth call and one employee read', async () => {
    const { mock, connector } = await setup({ employees: [{ email: 'a@demo.email', first_name: 'A', last_name: 'B' }] });
    expect(await connector().testConnection()).toEqual({ ok: true, detail: 'Personio answered the employee list (1 employees)' });
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/auth', 'GET /v1/company/employees']);
    expect(mock.requests[1].query).toMatchObject({ limit: ['1'] });
    const refused = await connector({ clientSecret: 'wrong' }).testConnection();
    expect(refused.ok).toBe(false);
    expect(refused.detail).toContain('Personio refused the API credentials (401)');
    expect(refused.detail).not.toContain('wrong');
  });
});
