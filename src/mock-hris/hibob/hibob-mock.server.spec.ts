import facts from '../../../test/fixtures/hris/hibob-api-facts.json';
import { RunningHiBobMock, startHiBobMock } from './hibob-mock.server';

/** The mock checked against the facts of HiBob's documentation (test/fixtures/hris/hibob-api-facts.json). */
describe('HiBob mock', () => {
  let mock: RunningHiBobMock;
  afterEach(() => mock.close());

  function call(method: string, path: string, body?: unknown, token = mock.token): Promise<Response> {
    return fetch(`${mock.url}${path}`, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`${mock.serviceUserId}:${token}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  const person = (email: string, surname = 'Lovelace') => ({
    firstName: 'Ada',
    surname,
    email,
    work: { site: 'Paris', startDate: '2027-01-04' },
  });
  const search = (email: string) => ({
    fields: ['root.id'],
    filters: [{ fieldPath: 'root.email', operator: 'equals', values: [email] }],
    showInactive: true,
  });

  it('creates with the documented status and id, and refuses a duplicate email with 400', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    const res = await call(facts.createPerson.method, facts.createPerson.path, person('ada@example.com'));
    expect(res.status).toBe(facts.createPerson.success.status);
    expect(((await res.json()) as Record<string, unknown>)[facts.createPerson.success.idField]).toBe(mock.people[0].id);
    const dup = await call(facts.createPerson.method, facts.createPerson.path, person('ada@example.com'));
    expect(dup.status).toBe(facts.createPerson.duplicateEmail.status);
    expect(Object.keys((await dup.json()) as object).sort()).toEqual([...facts.errorBodyKeys].sort());
  });

  it.each(facts.createPerson.required)('refuses a create without %s', async (field) => {
    mock = await startHiBobMock({ lagMs: 0 });
    const body = person('ada@example.com') as Record<string, unknown> & { work: Record<string, unknown> };
    if (field.startsWith('work.')) delete body.work[field.slice(5)];
    else delete body[field];
    const res = await call('POST', facts.createPerson.path, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { key: string }).key).toBe(field);
  });

  it('refuses a surname over the documented length', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    expect(
      (await call('POST', facts.createPerson.path, person('a@example.com', 'x'.repeat(facts.createPerson.surnameMaxLength)))).status,
    ).toBe(200);
    expect(
      (await call('POST', facts.createPerson.path, person('b@example.com', 'x'.repeat(facts.createPerson.surnameMaxLength + 1)))).status,
    ).toBe(400);
  });

  it('lags reads behind writes by lagMs', async () => {
    mock = await startHiBobMock({ lagMs: 200 });
    await call('POST', facts.createPerson.path, person('ada@example.com'));
    const early = (await (await call(facts.search.method, facts.search.path, search('ada@example.com'))).json()) as Record<
      string,
      unknown[]
    >;
    expect(early[facts.search.answerKey]).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 220));
    const late = (await (await call(facts.search.method, facts.search.path, search('ada@example.com'))).json()) as Record<
      string,
      unknown[]
    >;
    expect(late[facts.search.answerKey]).toHaveLength(1);
    expect(mock.requests.filter((r) => r.path === facts.search.path)[0].body).toEqual(search('ada@example.com'));
  });

  it('lags 20 s by default, as HiBob documents', async () => {
    mock = await startHiBobMock();
    expect(mock.lagMs).toBe(facts.readLagMs);
  });

  it('throttles with 429 and the rate-limit headers, refuses wrong credentials with 401, lists the sites', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    mock.throttleNext(1, 3);
    const throttled = await call('GET', facts.sites.path);
    expect(throttled.status).toBe(facts.throttling.status);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect(throttled.headers.get(facts.throttling.headers[0])).toBe('50');
    expect((await call('GET', facts.sites.path, undefined, 'wrong')).status).toBe(401);
    const sites = (await (await call('GET', facts.sites.path)).json()) as { values: Array<Record<string, unknown>> };
    expect(Object.keys(sites.values[0]).sort()).toEqual([...facts.sites.valueKeys].sort());
  });

  it('drops the connection after storing when told to', async () => {
    mock = await startHiBobMock({ lagMs: 0 });
    mock.dropNextCreatesAfterStore(1);
    await expect(call('POST', facts.createPerson.path, person('ada@example.com'))).rejects.toThrow();
    expect(mock.people).toHaveLength(1);
  });
});
