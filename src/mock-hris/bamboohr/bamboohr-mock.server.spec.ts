import facts from '../../../test/fixtures/hris/bamboohr-api-facts.json';
import { RunningBambooHrMock, startBambooHrMock } from './bamboohr-mock.server';

/** The mock checked against the facts of BambooHR's official description (test/fixtures/hris/bamboohr-api-facts.json). */
describe('BambooHR mock', () => {
  let mock: RunningBambooHrMock;
  afterEach(() => mock.close());

  function call(method: string, path: string, body?: unknown, key = mock.apiKey): Promise<Response> {
    return fetch(`${mock.url}${path}`, {
      method,
      headers: {
        Authorization: `Basic ${Buffer.from(`${key}:x`).toString('base64')}`,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  const errorHeader = facts.errorMessageHeader;

  it('creates with 201, no body and the id at the end of Location', async () => {
    mock = await startBambooHrMock();
    const res = await call(facts.createEmployee.method, facts.createEmployee.path, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      workEmail: 'ada@example.com',
    });
    expect(res.status).toBe(facts.createEmployee.success.status);
    expect(await res.text()).toBe('');
    expect(res.headers.get(facts.createEmployee.success.header)).toMatch(new RegExp(`/${mock.employees[0].id}$`));
  });

  it('refuses as documented: 400 missing minimum fields, 406 unknown field, 409 invalid value, 401 wrong key', async () => {
    mock = await startBambooHrMock();
    const missing = await call('POST', facts.createEmployee.path, { firstName: 'Ada' });
    expect(missing.status).toBe(400);
    expect(missing.headers.get(errorHeader)).toContain(facts.createEmployee.required[1]);
    const unknown = await call('POST', facts.createEmployee.path, { firstName: 'A', lastName: 'B', shoeSize: 42 });
    expect(unknown.status).toBe(406);
    expect(unknown.headers.get(errorHeader)).toContain('shoeSize');
    const invalid = await call('POST', facts.createEmployee.path, { firstName: 'A', lastName: 'B', department: 'Nope' });
    expect(invalid.status).toBe(409);
    expect((await call('GET', facts.listFields.path, undefined, 'wrong')).status).toBe(401);
    expect(mock.employees).toHaveLength(0);
  });

  it('shows both readings of a duplicate work email', async () => {
    mock = await startBambooHrMock({ onDuplicateEmail: 'accept' });
    mock.seed({ firstName: 'A', lastName: 'B', workEmail: 'a@example.com' });
    expect((await call('POST', facts.createEmployee.path, { firstName: 'A', lastName: 'B', workEmail: 'a@example.com' })).status).toBe(201);
    await mock.close();
    mock = await startBambooHrMock();
    mock.seed({ firstName: 'A', lastName: 'B', workEmail: 'a@example.com' });
    expect((await call('POST', facts.createEmployee.path, { firstName: 'A', lastName: 'B', workEmail: 'A@example.com' })).status).toBe(409);
  });

  it('throttles with 503 (or 429) and Retry-After; answers 429 without it at the employee limit', async () => {
    mock = await startBambooHrMock({ employeeLimit: 0 });
    mock.throttleNext(1, 30);
    const throttled = await call('GET', facts.listFields.path);
    expect(throttled.status).toBe(facts.throttling.status);
    expect(throttled.headers.get(facts.throttling.header)).toBe('30');
    const limit = await call('POST', facts.createEmployee.path, { firstName: 'A', lastName: 'B' });
    expect(limit.status).toBe(429);
    expect(limit.headers.get('retry-after')).toBeNull();
    expect(limit.headers.get(errorHeader)).toMatch(/limit/i);
    await mock.close();
    mock = await startBambooHrMock({ throttleStatus: 429 });
    mock.throttleNext(1, 2);
    const announced = await call('GET', facts.listFields.path);
    expect(announced.status).toBe(facts.throttling.announcedFrom20260916.status);
    expect(announced.headers.get('retry-after')).toBe('2');
  });

  it('lists the directory (active only, 404 when empty, 403 when not shared)', async () => {
    mock = await startBambooHrMock();
    expect((await call('GET', facts.directory.path)).status).toBe(404);
    mock.seed({ firstName: 'A', lastName: 'B', workEmail: 'a@example.com' });
    mock.seed({ firstName: 'C', lastName: 'D', workEmail: 'c@example.com', status: 'Inactive' });
    mock.seed({ firstName: 'E', lastName: 'F', workEmail: 'e@example.com', fields: { hireDate: '2999-01-01' } });
    const current = (await (await call('GET', facts.directory.path)).json()) as {
      fields: unknown[];
      employees: Array<{ id: unknown; workEmail: string }>;
    };
    expect(current.fields[0]).toEqual({ id: expect.any(String), type: expect.any(String), name: expect.any(String) });
    expect(current.employees.map((e) => e.workEmail)).toEqual(['a@example.com']);
    expect(typeof current.employees[0].id).toBe('string');
    const future = (await (await call('GET', `${facts.directory.path}?onlyCurrent=false`)).json()) as {
      employees: Array<{ workEmail: string }>;
    };
    expect(future.employees.map((e) => e.workEmail)).toEqual(['a@example.com', 'e@example.com']);
    await mock.close();
    mock = await startBambooHrMock({ directoryDisabled: true });
    expect((await call('GET', facts.directory.path)).status).toBe(403);
  });

  it('answers XML unless the Accept header asks for JSON', async () => {
    mock = await startBambooHrMock();
    const xml = await fetch(`${mock.url}${facts.listFields.path}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${mock.apiKey}:x`).toString('base64')}` },
    });
    expect(xml.headers.get('content-type')).toMatch(/xml/);
    expect((await call('GET', facts.listFields.path)).headers.get('content-type')).toMatch(/json/);
  });

  it('pages the employee list with the documented keys and cursor', async () => {
    mock = await startBambooHrMock();
    for (let i = 0; i < 3; i++) mock.seed({ firstName: `P${i}`, lastName: 'X', workEmail: `p${i}@example.com` });
    const first = (await (await call('GET', `${facts.listEmployees.path}?fields=workEmail&page[limit]=2`)).json()) as {
      data: Array<Record<string, unknown>>;
      meta: { page: { nextCursor: string } };
    };
    expect(Object.keys(first.data[0]).sort()).toEqual([...facts.listEmployees.itemKeys, 'workEmail'].sort());
    const second = (await (
      await call('GET', `${facts.listEmployees.path}?fields=workEmail&page[limit]=2&page[after]=${first.meta.page.nextCursor}`)
    ).json()) as {
      data: Array<{ workEmail: string }>;
      meta: { page: { nextCursor: string | null } };
    };
    expect(second.data.map((e) => e.workEmail)).toEqual(['p2@example.com']);
    expect(second.meta.page.nextCursor).toBeNull();
  });

  it('lists the list fields with the documented keys', async () => {
    mock = await startBambooHrMock();
    const lists = (await (await call('GET', facts.listFields.path)).json()) as Array<
      Record<string, unknown> & { options: Array<Record<string, unknown>> }
    >;
    expect(Object.keys(lists[0]).sort()).toEqual([...facts.listFields.itemKeys].sort());
    expect(Object.keys(lists[0].options[0]).sort()).toEqual([...facts.listFields.optionKeys].sort());
  });

  it('drops the connection after storing when told to', async () => {
    mock = await startBambooHrMock();
    mock.dropNextCreatesAfterStore(1);
    await expect(call('POST', facts.createEmployee.path, { firstName: 'A', lastName: 'B' })).rejects.toThrow();
    expect(mock.employees).toHaveLength(1);
  });
});
