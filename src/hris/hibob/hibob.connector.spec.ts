import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { RunningHiBobMock, startHiBobMock } from '../../mock-hris/hibob/hibob-mock.server';
import type { HrisConnection } from '../hris-connection';
import { PushOptions, PushProgress, transientProgress } from '../hris-connector';
import { HrisHttp } from '../hris-http';
import { DEFAULT_RATE_LIMIT_WAIT_MS } from '../retry-after';
import type { SharedCache } from '../shared-cache';
import { HiBobClient } from './hibob.client';
import { CREATE_SENT, CREATE_ENDED, DUPLICATE_REFUSED, HIBOB_READ_LAG_MS, HiBobConnector, PERSON_CREATED } from './hibob.connector';
import { hiBobDefinition } from './hibob.definition';
import { failureOf } from '../../../test/support/hris-failure';

/** This connector keeps nothing in the shared cache: any use of it is a mistake the test should show. */
const noCache: SharedCache = {
  get: () => Promise.reject(new Error('unexpected cache use')),
  set: () => Promise.reject(new Error('unexpected cache use')),
  delete: () => Promise.reject(new Error('unexpected cache use')),
  claim: () => Promise.reject(new Error('unexpected cache use')),
};

const settings = { site: 'Paris', department: 'Sales', title: 'Consultant' };

function http(mock: RunningHiBobMock): HrisHttp {
  return new HrisHttp({ vendor: 'HiBob', origin: mock.url, timeoutMs: 5000 });
}

/** A connector built like production (definition), with a shortened read lag so a test can wait it out. */
function connectorFor(mock: RunningHiBobMock, readLagMs: number, credentials?: { serviceUserId: string; token: string }): HiBobConnector {
  const client = new HiBobClient(http(mock), credentials ?? { serviceUserId: mock.serviceUserId, token: mock.token });
  return new HiBobConnector(client, { site: settings.site, department: settings.department, defaultTitle: settings.title }, { readLagMs });
}

const base = expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord;
function hire(n: number, overrides: Partial<EmployeeRecord> = {}): EmployeeRecord {
  return { ...base, externalId: `flatchr:60:${n}`, email: `hire${n}@example.com`, startDate: '2027-01-04', ...overrides };
}
function options(progress: PushProgress = transientProgress()): PushOptions {
  return { idempotencyKey: 'k', progress };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const creates = (mock: RunningHiBobMock) => mock.requests.filter((r) => r.path === '/v1/people');
const searches = (mock: RunningHiBobMock) => mock.requests.filter((r) => r.path === '/v1/people/search');

describe('HiBobConnector against the HiBob mock', () => {
  let mock: RunningHiBobMock;
  afterEach(() => mock.close());

  it('looks the person up, then creates them with the documented body and returns their id', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    const opts = options();
    const outcome = await connectorFor(mock, 100).pushEmployee(hire(1), opts);

    expect(searches(mock)[0].body).toEqual({
      fields: ['root.id', 'root.firstName', 'root.surname', 'root.email'],
      filters: [{ fieldPath: 'root.email', operator: 'equals', values: ['hire1@example.com'] }],
      showInactive: true,
    });
    expect(creates(mock)).toHaveLength(1);
    expect(creates(mock)[0].headers.authorization).toBe(`Basic ${Buffer.from(`${mock.serviceUserId}:${mock.token}`).toString('base64')}`);
    expect(creates(mock)[0].body).toEqual({
      firstName: 'Hubert',
      surname: 'Delajaque',
      email: 'hire1@example.com',
      work: { site: 'Paris', startDate: '2027-01-04', title: 'Account Executive', department: 'Sales' },
      home: { mobilePhone: '+33676564523' },
    });
    expect(outcome).toMatchObject({ kind: 'created', hrisId: mock.people[0].id, httpStatus: 200 });
    expect(opts.progress.steps[PERSON_CREATED].data).toEqual({ id: mock.people[0].id });
  });

  it('links a person HiBob already has, with the name it holds', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    const person = mock.seed({ firstName: 'Hubertus', surname: 'Delajaque', email: 'hire2@example.com' });
    const outcome = await connectorFor(mock, 100).pushEmployee(hire(2), options());
    expect(outcome).toEqual({
      kind: 'linked',
      hrisId: person.id,
      httpStatus: 200,
      responseExcerpt: null,
      foundName: { firstName: 'Hubertus', lastName: 'Delajaque' },
    });
    expect(creates(mock)).toHaveLength(0);
  });

  it("calls HiBob's 400 permanent with the refused field", async () => {
    mock = await startHiBobMock({ lagMs: 0, sites: ['London'] });
    const failure = await failureOf(connectorFor(mock, 100).pushEmployee(hire(3), options()));
    expect(failure).toMatchObject({ kind: 'permanent', httpStatus: 400, authenticationFailed: false });
    expect(failure.fieldErrors).toEqual([{ field: 'work.site', message: 'work.site: unknown site Paris' }]);
  });

  it('refuses before sending a surname over 50 characters or a hire without start date', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    const failure = await failureOf(
      connectorFor(mock, 100).pushEmployee(hire(4, { lastName: 'x'.repeat(51), startDate: null }), options()),
    );
    expect(failure.kind).toBe('permanent');
    expect(failure.fieldErrors.map((e) => e.field)).toEqual(['work.startDate', 'surname']);
    expect(mock.requests).toHaveLength(0);
  });

  it('waits on 429 for Retry-After (or the default), without spending an attempt', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    mock.throttleNext(1, 9);
    mock.throttleNext(1);
    const connector = connectorFor(mock, 100);
    expect(await failureOf(connector.pushEmployee(hire(5), options()))).toMatchObject({
      kind: 'rate_limited',
      delayMs: 9000,
      httpStatus: 429,
    });
    expect(await failureOf(connector.pushEmployee(hire(5), options()))).toMatchObject({
      kind: 'rate_limited',
      delayMs: DEFAULT_RATE_LIMIT_WAIT_MS,
    });
    expect(await connector.pushEmployee(hire(5), options())).toMatchObject({ kind: 'created' });
  });

  it('retries a 5xx on create; the next attempt waits out the read lag, looks up, then creates', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    mock.failNext(1, 502, 'create');
    const connector = connectorFor(mock, 150);
    const opts = options();
    expect(await failureOf(connector.pushEmployee(hire(6), opts))).toMatchObject({ kind: 'retryable', httpStatus: 502 });
    const wait = await failureOf(connector.pushEmployee(hire(6), opts));
    expect(wait.kind).toBe('rate_limited');
    await sleep(wait.delayMs!);
    expect(await connector.pushEmployee(hire(6), opts)).toMatchObject({ kind: 'created' });
    expect(mock.people).toHaveLength(1);
  });

  it('after a create whose answer never came, honours the read lag, then links the one person HiBob stored', async () => {
    mock = await startHiBobMock({ lagMs: 300 });
    mock.dropNextCreatesAfterStore(1);
    const connector = connectorFor(mock, 300);
    const opts = options();
    expect(await failureOf(connector.pushEmployee(hire(7), opts))).toMatchObject({ kind: 'retryable', noAnswer: true });
    expect(Object.keys(opts.progress.steps)).toEqual([CREATE_SENT, CREATE_ENDED]);
    const sent = mock.requests.length;

    // Too early: a look-up could miss the person and lead to a second create. The job waits instead.
    const wait = await failureOf(connector.pushEmployee(hire(7), opts));
    expect(wait.kind).toBe('rate_limited');
    expect(wait.delayMs).toBeGreaterThan(0);
    expect(wait.delayMs).toBeLessThanOrEqual(300);
    expect(mock.requests).toHaveLength(sent);

    await sleep(wait.delayMs!);
    const outcome = await connector.pushEmployee(hire(7), opts);
    expect(outcome).toMatchObject({ kind: 'linked', hrisId: mock.people[0].id, foundName: { firstName: 'Hubert', lastName: 'Delajaque' } });
    expect(mock.people).toHaveLength(1);
    expect(creates(mock)).toHaveLength(1);
  });

  it('without the wait a look-up misses the lagging person; HiBob refuses the second create and the job waits again', async () => {
    mock = await startHiBobMock({ lagMs: 60_000 });
    mock.dropNextCreatesAfterStore(1);
    const impatient = connectorFor(mock, 0);
    const opts = options();
    await failureOf(impatient.pushEmployee(hire(8), opts));
    const again = await failureOf(impatient.pushEmployee(hire(8), opts));
    expect(again).toMatchObject({ kind: 'rate_limited', httpStatus: 400 });
    expect(opts.progress.steps[DUPLICATE_REFUSED]).toBeDefined();
    expect(mock.people).toHaveLength(1);
  });

  it('fails for good when HiBob calls the email used but, past the lag, no search shows that person', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    // Never returned by the search (hidden from this service user).
    mock.seed({ firstName: 'H', surname: 'D', email: 'hire9@example.com', createdAt: Number.MAX_SAFE_INTEGER });
    const connector = connectorFor(mock, 50);
    const opts = options();
    const first = await failureOf(connector.pushEmployee(hire(9), opts));
    expect(first).toMatchObject({ kind: 'rate_limited', delayMs: 50 });
    await sleep(60);
    const last = await failureOf(connector.pushEmployee(hire(9), opts));
    expect(last).toMatchObject({ kind: 'permanent', fieldErrors: [{ field: 'email', message: 'already used in HiBob' }] });
    expect(creates(mock)).toHaveLength(1);
  });

  it('answers existing without a call when an earlier attempt recorded the created id', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    const opts = options();
    await opts.progress.record(CREATE_SENT);
    await opts.progress.record(PERSON_CREATED, { id: '3332883884017713238' });
    expect(await connectorFor(mock, 100).pushEmployee(hire(12), opts)).toMatchObject({ kind: 'existing', hrisId: '3332883884017713238' });
    expect(mock.requests).toHaveLength(0);
  });

  it('calls refused credentials an authentication failure', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    const wrong = connectorFor(mock, 100, { serviceUserId: mock.serviceUserId, token: 'wrong' });
    expect(await failureOf(wrong.pushEmployee(hire(10), options()))).toMatchObject({
      kind: 'permanent',
      httpStatus: 401,
      authenticationFailed: true,
    });
    expect(await wrong.testConnection()).toMatchObject({ ok: false, detail: expect.stringMatching(/401/) });
  });

  it("tests the connection by reading the sites and finding the connection's site", async () => {
    mock = await startHiBobMock({ lagMs: 0, sites: ['Paris', 'London'] });
    expect(await connectorFor(mock, 100).testConnection()).toEqual({ ok: true, detail: 'HiBob answered with 2 sites, "Paris" among them' });
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/company/named-lists/site']);
    await mock.close();
    mock = await startHiBobMock({ lagMs: 0, sites: ['London'] });
    expect(await connectorFor(mock, 100).testConnection()).toEqual({ ok: false, detail: 'HiBob has no site "Paris" (sites: London)' });
  });
});

describe('hiBobDefinition', () => {
  let mock: RunningHiBobMock;
  afterEach(() => mock?.close());

  it('waits 20 s by default after a create that got no answer, counted from when the call ended', async () => {
    expect(HIBOB_READ_LAG_MS).toBe(20_000);
    mock = await startHiBobMock();
    const connection: HrisConnection = {
      id: 'c1',
      name: 'HiBob',
      provider: 'hibob',
      baseUrl: mock.url,
      credentials: { serviceUserId: mock.serviceUserId, token: mock.token },
      settings,
    };
    const connector = hiBobDefinition.create(connection, {
      http: http(mock),
      cache: noCache,
      now: () => new Date('2026-11-30T10:00:05.000Z'),
    });
    const sent = { [CREATE_SENT]: { at: '2026-11-30T10:00:00.000Z', data: {} } };
    const ended = { ...sent, [CREATE_ENDED]: { at: '2026-11-30T10:00:01.000Z', data: { status: 'none' } } };
    const refused = { ...sent, [CREATE_ENDED]: { at: '2026-11-30T10:00:01.000Z', data: { status: '400' } } };
    const progress = (steps: PushProgress['steps']): PushProgress => ({ steps, record: () => Promise.resolve() });
    // 20 s from when the unanswered call ended...
    expect(await failureOf(connector.pushEmployee(hire(11), options(progress(ended))))).toMatchObject({
      kind: 'rate_limited',
      delayMs: 16_000,
    });
    // ...or, when that end was never recorded, from the latest it could have ended (the 5 s request time-out).
    expect(await failureOf(connector.pushEmployee(hire(11), options(progress(sent))))).toMatchObject({
      kind: 'rate_limited',
      delayMs: 20_000,
    });
    expect(mock.requests).toHaveLength(0);
    // A create HiBob refused stored no one: no wait.
    expect(await connector.pushEmployee(hire(11), options(progress(refused)))).toMatchObject({ kind: 'created' });
  });

  it('requires the site and documents the production origin', () => {
    expect(hiBobDefinition.documentedOrigin({})).toBe('https://api.hibob.com');
    expect(hiBobDefinition.validateSettings({}, true)).toEqual([{ field: 'settings.site', message: expect.any(String) }]);
    expect(hiBobDefinition.validateSettings({ site: 'Paris', title: 4 }, false)).toEqual([
      { field: 'settings.title', message: 'must be text' },
    ]);
  });
});
