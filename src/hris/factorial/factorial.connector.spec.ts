import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { RunningFactorialMock, startFactorialMock } from '../../mock-hris/factorial/factorial-mock.server';
import type { HrisConnection } from '../hris-connection';
import { HrisConnector, transientProgress } from '../hris-connector';
import { HrisHttp } from '../hris-http';
import { DEFAULT_RATE_LIMIT_WAIT_MS } from '../retry-after';
import { RedisSharedCache } from '../shared-cache';
import { FACTORIAL_EMPLOYEES_PATH } from './factorial.client';
import { factorialDefinition } from './factorial.definition';
import { failureOf } from '../../../test/support/hris-failure';

/** Real HTTP against the Factorial double; the shared cache on the real Redis. */
describe('FactorialConnector', () => {
  const prefix = `test:factorial-connector:${randomBytes(6).toString('hex')}:`;
  const hired: EmployeeRecord = { ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord), startDate: '2027-01-04' };
  let mock: RunningFactorialMock;
  let redis: IORedis;
  let connector: HrisConnector;

  function connectorWith(apiKey: string, settings: Record<string, unknown> = { companyId: mock.companyId }): HrisConnector {
    const connection: HrisConnection = {
      id: 'factorial-test',
      name: 'Factorial test',
      provider: 'factorial',
      baseUrl: mock.url,
      credentials: { apiKey },
      settings,
    };
    const http = new HrisHttp({ vendor: 'Factorial', origin: mock.url, timeoutMs: 5000 });
    return factorialDefinition.create(connection, { http, cache: new RedisSharedCache(redis, prefix), now: () => new Date() });
  }

  function push(record: EmployeeRecord = hired, progress = transientProgress(), on = connector): Promise<unknown> {
    return on.pushEmployee(record, { idempotencyKey: 'hirebridge:test', progress });
  }

  const creates = () => mock.requests.filter((r) => r.method === 'POST');

  beforeAll(async () => {
    mock = await startFactorialMock();
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
    mock.options.validationShape = 'map';
    mock.options.numericIds = false;
  });

  it('looks the email up, then creates the employee with its contract from the record and the settings', async () => {
    const placed = connectorWith(mock.apiKey, { companyId: mock.companyId, legalEntityId: 11, locationId: '12', teamId: '13' });
    const progress = transientProgress();
    const outcome = await push(hired, progress, placed);

    const [employee] = mock.employees;
    expect(outcome).toMatchObject({ kind: 'created', hrisId: String(employee.id), httpStatus: 200 });
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${FACTORIAL_EMPLOYEES_PATH}`,
      `POST ${FACTORIAL_EMPLOYEES_PATH}/create_with_contract`,
    ]);
    expect(FACTORIAL_EMPLOYEES_PATH).toBe('/api/2026-07-01/resources/employees/employees');
    expect(mock.requests[0].query.getAll('emails[]')).toEqual(['delajaque@mail.com']);
    expect(creates()[0].body).toEqual({
      company_id: mock.companyId,
      first_name: 'Hubert',
      last_name: 'Delajaque',
      email: 'delajaque@mail.com',
      contract_starts_on: '2027-01-04',
      phone_number: '+33676564523',
      legal_entity_id: '11',
      location_id: '12',
      team_id: '13',
    });
    expect(mock.requests.every((r) => r.headers['x-api-key'] === mock.apiKey)).toBe(true);
    expect(Object.keys(progress.steps)).toEqual(['createSent', 'employeeCreated']);
    expect((outcome as { notices: string[] }).notices).toEqual([expect.stringMatching(/job catalog.*Account Executive/)]);
  });

  it('stores an id answered as a number as a string', async () => {
    mock.options.numericIds = true;
    const outcome = (await push()) as { hrisId: unknown };
    expect(outcome.hrisId).toBe(String(mock.employees[0].id));
  });

  it('links an employee who already has the email, with the name Factorial holds', async () => {
    const existing = mock.addEmployee({ first_name: 'Hubert', last_name: 'Delajacque', email: 'Delajaque@mail.com', active: false });
    const outcome = await push();
    expect(outcome).toMatchObject({
      kind: 'linked',
      hrisId: String(existing.id),
      foundName: { firstName: 'Hubert', lastName: 'Delajacque' },
    });
    expect(creates()).toHaveLength(0);
  });

  it('answers existing without a call when an earlier attempt created the employee', async () => {
    const progress = transientProgress();
    await progress.record('employeeCreated', { employeeId: '77' });
    expect(await push(hired, progress)).toMatchObject({ kind: 'existing', hrisId: '77' });
    expect(mock.requests).toHaveLength(0);
  });

  it.each(['map', 'list'] as const)("keeps Factorial's field messages of a 422 (%s shape)", async (shape) => {
    mock.options.validationShape = shape;
    const failure = await failureOf(push({ ...hired, firstName: '', startDate: '04/01/2027' }));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 422, authenticationFailed: false });
    expect(failure.fieldErrors).toEqual([
      { field: 'first_name', message: "can't be blank" },
      { field: 'contract_starts_on', message: 'is not a date' },
    ]);
  });

  it('fails for good, before any call, when the hire has no email', async () => {
    const failure = await failureOf(push({ ...hired, email: null }));
    expect(failure).toMatchObject({ kind: 'permanent', fieldErrors: [{ field: 'email', message: expect.any(String) }] });
    expect(mock.requests).toHaveLength(0);
  });

  it('waits for Retry-After on a 429, or the default wait without one', async () => {
    mock.throttleNext(1, '7');
    expect(await failureOf(push())).toMatchObject({ kind: 'rate_limited', httpStatus: 429, delayMs: 7000 });
    mock.throttleNext(1, null);
    expect(await failureOf(push())).toMatchObject({ kind: 'rate_limited', delayMs: DEFAULT_RATE_LIMIT_WAIT_MS });
    expect(await push()).toMatchObject({ kind: 'created' });
  });

  it('answers 429 with Retry-After once its per-minute limit is spent', async () => {
    const limited = await startFactorialMock({ requestsPerMinute: 1 });
    const http = new HrisHttp({ vendor: 'Factorial', origin: limited.url, timeoutMs: 5000 });
    const limitedConnector = factorialDefinition.create(
      {
        id: 'l',
        name: 'l',
        provider: 'factorial',
        baseUrl: limited.url,
        credentials: { apiKey: limited.apiKey },
        settings: { companyId: limited.companyId },
      },
      { http, cache: new RedisSharedCache(redis, prefix), now: () => new Date() },
    );
    const failure = await failureOf(push(hired, transientProgress(), limitedConnector));
    await limited.close();
    expect(failure).toMatchObject({ kind: 'rate_limited', httpStatus: 429 });
    expect(failure.delayMs).toBeGreaterThan(0);
    expect(failure.delayMs).toBeLessThanOrEqual(60_000);
  });

  it('retries a 5xx, then creates one employee', async () => {
    mock.faults.failNext(1, 502);
    const progress = transientProgress();
    expect(await failureOf(push(hired, progress))).toMatchObject({ kind: 'retryable', httpStatus: 502 });
    expect(await push(hired, progress)).toMatchObject({ kind: 'created' });
    expect(mock.employees).toHaveLength(1);
  });

  it('resolves a create whose answer was lost by a look-up, never a second create', async () => {
    mock.faults.dropAfterStore(1);
    const progress = transientProgress();
    expect(await failureOf(push(hired, progress))).toMatchObject({ kind: 'retryable', noAnswer: true });
    expect(progress.steps.createSent).toBeDefined();

    const outcome = await push(hired, progress);
    expect(outcome).toMatchObject({ kind: 'created', hrisId: String(mock.employees[0].id) });
    expect(mock.employees).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(progress.steps.employeeCreated.data).toEqual({ employeeId: String(mock.employees[0].id) });
  });

  it('links when Factorial says the email is taken although the look-up missed it', async () => {
    const existing = mock.addEmployee({ first_name: 'H', last_name: 'D', email: 'delajaque@mail.com' });
    mock.missNextLookups(1);
    const outcome = await push();
    expect(outcome).toMatchObject({ kind: 'linked', hrisId: String(existing.id), httpStatus: 422 });
    expect(mock.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect(mock.employees).toHaveLength(1);
  });

  it('reports refused credentials as an authentication failure, for pushes and connection tests', async () => {
    const wrong = connectorWith('not-the-key');
    expect(await failureOf(push(hired, transientProgress(), wrong))).toMatchObject({
      kind: 'permanent',
      httpStatus: 401,
      authenticationFailed: true,
    });
    expect(await wrong.testConnection()).toEqual({ ok: false, detail: 'Factorial refused the API key (401)' });
  });

  it('tests the connection with a one-employee read', async () => {
    expect(await connector.testConnection()).toEqual({ ok: true, detail: 'Factorial answered the employee list (200)' });
    expect(mock.requests.map((r) => [r.method, r.query.get('limit'), r.query.get('only_active')])).toEqual([['GET', '1', 'true']]);
  });
});
