import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { RunningBambooHrMock, startBambooHrMock } from '../../mock-hris/bamboohr/bamboohr-mock.server';
import type { HrisConnection } from '../hris-connection';
import { HrisConnector, PushOptions, transientProgress } from '../hris-connector';
import { HrisHttp } from '../hris-http';
import type { SharedCache } from '../shared-cache';
import { CREATE_SENT, EMPLOYEE_CREATED, FORMER_EMPLOYEE_NOTICE } from './bamboohr.connector';
import { EMPLOYEE_LIMIT_MESSAGE } from './bamboohr.failure';
import { bambooHrDefinition } from './bamboohr.definition';
import { failureOf } from '../../../test/support/hris-failure';

/** This connector keeps nothing in the shared cache: any use of it is a mistake the test should show. */
const noCache: SharedCache = {
  get: () => Promise.reject(new Error('unexpected cache use')),
  set: () => Promise.reject(new Error('unexpected cache use')),
  delete: () => Promise.reject(new Error('unexpected cache use')),
  claim: () => Promise.reject(new Error('unexpected cache use')),
};

function connectorFor(
  mock: RunningBambooHrMock,
  overrides: { apiKey?: string; settings?: Record<string, unknown>; timeoutMs?: number } = {},
): HrisConnector {
  const connection: HrisConnection = {
    id: 'c1',
    name: 'BambooHR test',
    provider: 'bamboohr',
    baseUrl: mock.url,
    credentials: { apiKey: overrides.apiKey ?? mock.apiKey },
    settings: overrides.settings ?? { companyDomain: 'acme', department: 'Sales', location: 'Paris' },
  };
  const http = new HrisHttp({ vendor: 'BambooHR', origin: mock.url, timeoutMs: overrides.timeoutMs ?? 5000 });
  return bambooHrDefinition.create(connection, { http, cache: noCache, now: () => new Date() });
}

const base = expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord;
function hire(n: number, overrides: Partial<EmployeeRecord> = {}): EmployeeRecord {
  return { ...base, externalId: `flatchr:60:${n}`, email: `hire${n}@example.com`, startDate: '2027-01-04', ...overrides };
}
function options(): PushOptions {
  return { idempotencyKey: 'k', progress: transientProgress() };
}

describe('BambooHrConnector against the BambooHR mock', () => {
  let mock: RunningBambooHrMock;
  afterEach(() => mock.close());

  it('creates the employee with the documented flat JSON and reads the id from Location', async () => {
    mock = await startBambooHrMock();
    const opts = options();
    const outcome = await connectorFor(mock).pushEmployee(hire(1), opts);

    const creates = mock.requests.filter((r) => r.method === 'POST');
    expect(creates).toHaveLength(1);
    expect(creates[0].path).toBe('/api/v1/employees');
    expect(mock.requests.every((r) => r.headers.accept === 'application/json')).toBe(true);
    expect(creates[0].headers.authorization).toBe(`Basic ${Buffer.from(`${mock.apiKey}:x`).toString('base64')}`);
    expect(creates[0].body).toEqual({
      firstName: 'Hubert',
      lastName: 'Delajaque',
      workEmail: 'hire1@example.com',
      mobilePhone: '+33676564523',
      jobTitle: 'Account Executive',
      hireDate: '2027-01-04',
      department: 'Sales',
      location: 'Paris',
    });
    const id = String(mock.employees[0].id);
    expect(outcome).toMatchObject({ kind: 'created', hrisId: id, httpStatus: 201 });
    expect(outcome.notices?.[0]).toMatch(/HR completes/);
    // The look-up came first, on the directory, future hires included.
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/employees/directory', query: { onlyCurrent: 'false' } });
    expect(Object.keys(opts.progress.steps)).toEqual([CREATE_SENT, EMPLOYEE_CREATED]);
    expect(opts.progress.steps[EMPLOYEE_CREATED].data).toEqual({ id });
  });

  it('links an employee HR already entered, matching the work email whatever its case, without creating', async () => {
    mock = await startBambooHrMock();
    const seeded = mock.seed({ firstName: 'Hubertus', lastName: 'Delajaque', workEmail: 'HIRE2@Example.com' });
    const outcome = await connectorFor(mock).pushEmployee(hire(2), options());
    expect(outcome).toEqual({
      kind: 'linked',
      hrisId: String(seeded.id),
      httpStatus: 200,
      responseExcerpt: null,
      foundName: { firstName: 'Hubertus', lastName: 'Delajaque' },
    });
    expect(mock.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('falls back to the employee list when the directory is not shared (403), inactive employees included', async () => {
    mock = await startBambooHrMock({ directoryDisabled: true });
    for (let i = 0; i < 150; i++) mock.seed({ firstName: `P${i}`, lastName: 'X', workEmail: `p${i}@example.com` });
    const former = mock.seed({ firstName: 'Hubert', lastName: 'Delajaque', workEmail: 'hire3@example.com', status: 'Inactive' });
    const outcome = await connectorFor(mock).pushEmployee(hire(3), options());
    expect(outcome).toMatchObject({ kind: 'linked', hrisId: String(former.id), notices: [FORMER_EMPLOYEE_NOTICE] });
    const lists = mock.requests.filter((r) => r.path === '/api/v1/employees' && r.method === 'GET');
    expect(lists.map((r) => r.query['page[after]'] ?? null)).toEqual([null, expect.any(String)]);
    expect(lists[0].query).toMatchObject({ fields: 'workEmail', 'page[limit]': '100' });
  });

  it('links a former (inactive) employee on a 409 duplicate through the employee list, with a rehire notice', async () => {
    mock = await startBambooHrMock();
    // The directory lists active employees only: the first look-up misses, the create is refused as duplicate.
    const former = mock.seed({ firstName: 'Hubert', lastName: 'D', workEmail: 'hire4@example.com', status: 'Inactive' });
    const outcome = await connectorFor(mock).pushEmployee(hire(4), options());
    expect(outcome).toEqual({
      kind: 'linked',
      hrisId: String(former.id),
      httpStatus: 409,
      responseExcerpt: 'Duplicate value for field workEmail: hire4@example.com',
      foundName: { firstName: 'Hubert', lastName: 'D' },
      notices: [FORMER_EMPLOYEE_NOTICE],
    });
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/employees/directory',
      'POST /api/v1/employees',
      'GET /api/v1/employees',
    ]);
    expect(mock.employees).toHaveLength(1);
  });

  it('links on a 409 duplicate when the second look-up finds the person (created meanwhile by another tool)', async () => {
    mock = await startBambooHrMock();
    const other = mock.seed({ firstName: 'Hubert', lastName: 'Delajaque', workEmail: 'hire5@example.com', status: 'Inactive' });
    // The person becomes visible between our look-up and our create.
    mock.onRequest = (req) => {
      if (req.method === 'POST') other.status = 'Active';
    };
    const outcome = await connectorFor(mock).pushEmployee(hire(5), options());
    expect(outcome).toEqual({
      kind: 'linked',
      hrisId: String(other.id),
      httpStatus: 409,
      responseExcerpt: 'Duplicate value for field workEmail: hire5@example.com',
      foundName: { firstName: 'Hubert', lastName: 'Delajaque' },
    });
    expect(mock.employees).toHaveLength(1);
  });

  it('fails for good on a 409 invalid list value (the "invalid value" reading), with the header message', async () => {
    mock = await startBambooHrMock();
    const failure = await failureOf(
      connectorFor(mock, { settings: { companyDomain: 'acme', department: 'Nope' } }).pushEmployee(hire(6), options()),
    );
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 409 });
    expect(failure.fieldErrors).toEqual([{ field: 'department', message: 'Invalid value for field department: Nope' }]);
    expect(mock.employees).toHaveLength(0);
  });

  it.each([
    ['400', { firstName: ' ' }, 400, 'Missing required field(s): firstName', 'firstName'],
    ['400 date', { startDate: '04/01/2027' }, 400, 'Invalid date for field hireDate: 04/01/2027', 'hireDate'],
  ])('calls a %s validation error permanent with the field from the header', async (_label, overrides, status, message, field) => {
    mock = await startBambooHrMock();
    const failure = await failureOf(connectorFor(mock).pushEmployee(hire(7, overrides as Partial<EmployeeRecord>), options()));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: status, authenticationFailed: false });
    expect(failure.fieldErrors).toEqual([{ field, message }]);
  });

  it('calls throttling (503 with Retry-After) rate-limited for Retry-After, then creates', async () => {
    mock = await startBambooHrMock();
    mock.throttleNext(1, 12);
    const connector = connectorFor(mock);
    const failure = await failureOf(connector.pushEmployee(hire(8), options()));
    expect(failure).toMatchObject({ kind: 'rate_limited', delayMs: 12000, httpStatus: 503 });
    expect(await connector.pushEmployee(hire(8), options())).toMatchObject({ kind: 'created' });
  });

  it('reads a 429 with Retry-After as throttling (BambooHR rate limits answer 429 from 2026-09-16)', async () => {
    mock = await startBambooHrMock({ throttleStatus: 429 });
    mock.throttleNext(1, 5);
    expect(await failureOf(connectorFor(mock).pushEmployee(hire(9), options()))).toMatchObject({
      kind: 'rate_limited',
      delayMs: 5000,
      httpStatus: 429,
    });
  });

  it('calls the employee limit (429 without Retry-After) permanent with an operator message', async () => {
    mock = await startBambooHrMock({ employeeLimit: 1 });
    mock.seed({ firstName: 'A', lastName: 'B', workEmail: 'someone@example.com' });
    const failure = await failureOf(connectorFor(mock).pushEmployee(hire(10), options()));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 429, authenticationFailed: false });
    expect(failure.message).toContain(EMPLOYEE_LIMIT_MESSAGE);
    expect(failure.message).toContain('Employee limit reached');
  });

  it('retries a 5xx, then creates', async () => {
    mock = await startBambooHrMock();
    mock.failNext(1, 500, 'create');
    const connector = connectorFor(mock);
    const opts = options();
    expect(await failureOf(connector.pushEmployee(hire(11), opts))).toMatchObject({ kind: 'retryable', httpStatus: 500 });
    expect(await connector.pushEmployee(hire(11), opts)).toMatchObject({ kind: 'created' });
    expect(mock.employees).toHaveLength(1);
  });

  // Whether BambooHR refuses a duplicate work email or accepts it (its docs disagree), the look-up comes first.
  it.each(['conflict', 'accept'] as const)(
    'after a create whose answer never came, links the stored employee (duplicates: %s)',
    async (onDuplicateEmail) => {
      mock = await startBambooHrMock({ onDuplicateEmail });
      mock.dropNextCreatesAfterStore(1);
      const connector = connectorFor(mock);
      const opts = options();
      const failure = await failureOf(connector.pushEmployee(hire(12), opts));
      expect(failure).toMatchObject({ kind: 'retryable', noAnswer: true });
      expect(opts.progress.steps[CREATE_SENT]).toBeDefined();

      const outcome = await connector.pushEmployee(hire(12), opts);
      expect(outcome).toMatchObject({ kind: 'linked', hrisId: String(mock.employees[0].id) });
      expect(mock.employees).toHaveLength(1);
      expect(mock.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    },
  );

  it('answers existing without a call when an earlier attempt recorded the created id', async () => {
    mock = await startBambooHrMock();
    const opts = options();
    await opts.progress.record(EMPLOYEE_CREATED, { id: '321' });
    expect(await connectorFor(mock).pushEmployee(hire(14), opts)).toMatchObject({ kind: 'existing', hrisId: '321' });
    expect(mock.requests).toHaveLength(0);
  });

  it('calls a wrong API key an authentication failure', async () => {
    mock = await startBambooHrMock();
    const failure = await failureOf(connectorFor(mock, { apiKey: 'wrong' }).pushEmployee(hire(13), options()));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 401, authenticationFailed: true });
    expect(await connectorFor(mock, { apiKey: 'wrong' }).testConnection()).toMatchObject({ ok: false });
  });

  it('tests the connection by reading the list fields and checking the configured values', async () => {
    mock = await startBambooHrMock();
    const check = await connectorFor(mock).testConnection();
    expect(check).toEqual({ ok: true, detail: expect.stringMatching(/3 list fields/) });
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/meta/lists']);
    const bad = await connectorFor(mock, { settings: { companyDomain: 'acme', division: 'Mars' } }).testConnection();
    expect(bad).toEqual({ ok: false, detail: 'BambooHR has no division "Mars"' });
  });
});

describe('bambooHrDefinition', () => {
  it('builds the documented origin from the company domain and requires it without a baseUrl', () => {
    expect(bambooHrDefinition.documentedOrigin({ companyDomain: 'acme' })).toBe('https://acme.bamboohr.com');
    expect(bambooHrDefinition.validateSettings({}, false)).toEqual([{ field: 'settings.companyDomain', message: expect.any(String) }]);
    expect(bambooHrDefinition.validateSettings({}, true)).toEqual([]);
    expect(bambooHrDefinition.validateSettings({ companyDomain: 'https://acme.bamboohr.com' }, false)[0].field).toBe(
      'settings.companyDomain',
    );
    expect(bambooHrDefinition.validateSettings({ companyDomain: 'acme', department: 3 }, false)).toEqual([
      { field: 'settings.department', message: 'must be text' },
    ]);
  });
});
