import { RunningFactorialMock, startFactorialMock } from './factorial-mock.server';

/** The Factorial double answers as Factorial's API description says: what connectors are tested against. */
describe('Factorial mock', () => {
  let mock: RunningFactorialMock;
  const employees = () => `${mock.url}/api/2026-07-01/resources/employees/employees`;
  const headers = () => ({ 'x-api-key': mock.apiKey, 'Content-Type': 'application/json' });
  const create = (body: unknown) =>
    fetch(`${employees()}/create_with_contract`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });

  beforeAll(async () => {
    mock = await startFactorialMock();
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('refuses a missing or wrong x-api-key with 401', async () => {
    const refused = await fetch(`${employees()}?only_active=true&only_managers=false`, { headers: { 'x-api-key': 'nope' } });
    expect([refused.status, await refused.json()]).toEqual([401, { errors: null }]);
  });

  it('requires the list flags and a limit of at most 100', async () => {
    expect((await fetch(employees(), { headers: headers() })).status).toBe(400);
    expect((await fetch(`${employees()}?only_active=true&only_managers=false&limit=101`, { headers: headers() })).status).toBe(400);
  });

  it('creates with string ids, refuses a taken email with 422, and pages by cursor', async () => {
    const made = await create({ company_id: mock.companyId, first_name: 'A', last_name: 'B', email: 'a@b.fr' });
    expect(made.status).toBe(200);
    expect(typeof ((await made.json()) as { id: unknown }).id).toBe('string');
    const taken = await create({ company_id: mock.companyId, first_name: 'A', last_name: 'B', email: 'A@b.fr' });
    expect([taken.status, await taken.json()]).toEqual([
      422,
      { error: 'Unprocessable Entity', errors: { email: ['has already been taken'] } },
    ]);

    mock.addEmployee({ first_name: 'C', last_name: 'D', email: 'c@d.fr' });
    const first = (await (await fetch(`${employees()}?only_active=true&only_managers=false&limit=1`, { headers: headers() })).json()) as {
      data: Array<{ email: string }>;
      meta: { has_next_page: boolean; end_cursor: string };
    };
    expect([first.data.map((e) => e.email), first.meta.has_next_page]).toEqual([['a@b.fr'], true]);
    const second = (await (
      await fetch(`${employees()}?only_active=true&only_managers=false&limit=1&after_id=${first.meta.end_cursor}`, { headers: headers() })
    ).json()) as { data: Array<{ email: string }>; meta: { has_next_page: boolean } };
    expect([second.data.map((e) => e.email), second.meta.has_next_page]).toEqual([['c@d.fr'], false]);
    const filtered = (await (
      await fetch(`${employees()}?only_active=false&only_managers=false&emails[]=C@D.fr`, { headers: headers() })
    ).json()) as {
      data: unknown[];
    };
    expect(filtered.data).toHaveLength(1);
  });

  it('lists refused fields in the shape set', async () => {
    mock.options.validationShape = 'list';
    const refused = await create({ company_id: mock.companyId, first_name: 'A', email: 'a@b.fr' });
    expect(await refused.json()).toEqual({ error: 'Unprocessable Entity', errors: [{ field: 'last_name', message: "can't be blank" }] });
    mock.options.validationShape = 'map';
  });
});
