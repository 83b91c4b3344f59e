import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersonioMock, startPersonioMock } from './personio-mock.server';

const facts = JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/personio/personio-v1-facts.json'), 'utf8'));
const keysOf = (value: unknown) => Object.keys(value as object).sort();

describe('Personio mock, checked against the documented facts', () => {
  let mock: PersonioMock;
  const mocks: PersonioMock[] = [];
  const start = async (options: Parameters<typeof startPersonioMock>[0] = {}) => {
    const started = await startPersonioMock(options);
    mocks.push(started);
    return started;
  };

  beforeEach(async () => {
    mock = await start({ employees: [{ email: 'alexander.bergmann@demo.email', first_name: 'Alexander', last_name: 'Bergmann' }] });
  });
  afterEach(async () => {
    await Promise.all(mocks.splice(0).map((m) => m.close()));
  });

  const call = async (path: string, init: { method?: string; token?: string; json?: unknown; form?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = init.form;
    }
    const res = await fetch(mock.url + path, { method: init.method ?? 'GET', headers, body });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const token = async () =>
    (await call('/v1/auth', { method: 'POST', json: { client_id: mock.clientId, client_secret: mock.clientSecret } })).body.data.token;

  it('answers POST /v1/auth with body credentials (JSON or form) in the documented shape, the same stable token each time', async () => {
    const json = await call('/v1/auth', { method: 'POST', json: { client_id: mock.clientId, client_secret: mock.clientSecret } });
    expect(json.status).toBe(facts.auth.success.status);
    expect(keysOf(json.body.data)).toEqual(keysOf(facts.auth.success.body.data));
    expect(json.body.data.token.startsWith(facts.auth.tokenPrefix)).toBe(true);
    expect(json.body.data.expires_in).toBe(facts.auth.success.body.data.expires_in);
    const form = await call('/v1/auth', { method: 'POST', form: `client_id=${mock.clientId}&client_secret=${mock.clientSecret}` });
    expect(form.body.data.token).toBe(json.body.data.token);
  });

  it('refuses query-string credentials with 403 by default (from 2026-12-04), and accepts them when told to', async () => {
    const query = `/v1/auth?client_id=${mock.clientId}&client_secret=${mock.clientSecret}`;
    expect((await call(query, { method: 'POST' })).status).toBe(facts.auth.queryCredentialsStatusFrom20261204);
    mock = await start({ queryCredentials: 'accepted' });
    expect((await call(`/v1/auth?client_id=${mock.clientId}&client_secret=${mock.clientSecret}`, { method: 'POST' })).status).toBe(200);
  });

  it('refuses wrong credentials with 401, or 403 when told to', async () => {
    const wrong = await call('/v1/auth', { method: 'POST', json: { client_id: mock.clientId, client_secret: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(keysOf(wrong.body)).toEqual(['error', 'success']);
    mock = await start({ wrongCredentialsStatus: 403 });
    expect((await call('/v1/auth', { method: 'POST', json: { client_id: 'x', client_secret: 'y' } })).status).toBe(403);
  });

  it('allows the auth endpoint its per-minute limit, then answers 429 during the cool-down', async () => {
    mock = await start({ authLimitPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await call('/v1/auth', { method: 'POST', json: { client_id: mock.clientId, client_secret: mock.clientSecret } })).status,
      );
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(mock.authCalls()).toHaveLength(4);
  });

  it('answers the documented 401 without a token, 401 for an expired one, 403 for an unknown one', async () => {
    const none = await call('/v1/company/employees');
    expect(none).toMatchObject({ status: facts.unauthorized.status, body: facts.unauthorized.body });
    expect(await call('/v1/company/employees', { token: 'papi-unknown' })).toMatchObject({
      status: facts.forbidden.status,
      body: facts.forbidden.body,
    });
    const t = await token();
    mock.expireTokens();
    expect((await call('/v1/company/employees', { token: t })).status).toBe(401);
    expect(await token()).not.toBe(t);
  });

  it('lists employees in the documented shape, filtered by email and projected by attributes[]', async () => {
    const t = await token();
    const all = await call('/v1/company/employees?limit=10&offset=0', { token: t });
    expect(all.status).toBe(facts.employees.listSuccess.status);
    expect(keysOf(all.body)).toEqual(keysOf(Object.fromEntries(facts.employees.listSuccess.bodyKeys.map((k: string) => [k, 1]))));
    expect(keysOf(all.body.metadata)).toEqual([...facts.employees.listSuccess.metadataKeys].sort());
    const item = all.body.data[0];
    expect(item.type).toBe(facts.employees.listSuccess.item.type);
    for (const name of ['id', 'first_name', 'last_name', 'email']) {
      expect(keysOf(item.attributes[name])).toEqual(keysOf(facts.employees.listSuccess.item.attributes[name]));
      expect(item.attributes[name].universal_id).toBe(facts.employees.listSuccess.item.attributes[name].universal_id);
    }
    const projected = await call('/v1/company/employees?email=ALEXANDER.bergmann@demo.email&attributes[]=first_name', { token: t });
    expect(keysOf(projected.body.data[0].attributes)).toEqual(['first_name', 'id']);
    expect((await call('/v1/company/employees?email=nobody@demo.email', { token: t })).body.data).toEqual([]);
    expect((await call(`/v1/company/employees?limit=${facts.employees.maxLimit + 1}`, { token: t })).status).toBe(400);
  });

  it('creates with the documented 200 answer and refuses an invalid employee with the documented 422 shape', async () => {
    const t = await token();
    const created = await call('/v1/company/employees', {
      method: 'POST',
      token: t,
      json: { employee: { email: 'new@demo.email', first_name: 'New', last_name: 'Hire', hire_date: '2027-01-04' } },
    });
    expect(created.status).toBe(facts.employees.createSuccess.status);
    expect(keysOf(created.body)).toEqual(keysOf(facts.employees.createSuccess.body));
    expect(keysOf(created.body.data)).toEqual(keysOf(facts.employees.createSuccess.body.data));
    expect(mock.employees().find((e) => e.email === 'new@demo.email')).toMatchObject({ status: 'onboarding', hire_date: '2027-01-04' });
    for (const employee of [
      { email: 'x@demo.email', first_name: 'X' },
      { email: 'new@demo.email', first_name: 'A', last_name: 'B' },
      { email: 'y@demo.email', first_name: 'Y', last_name: 'Z', supervisor_id: 1 },
    ]) {
      const refused = await call('/v1/company/employees', { method: 'POST', token: t, json: { employee } });
      expect(refused.status).toBe(facts.employees.createInvalid.status);
      expect(keysOf(refused.body)).toEqual(keysOf(facts.employees.createInvalid.body));
      expect(keysOf(refused.body.error)).toEqual(keysOf(facts.employees.createInvalid.body.error));
    }
    const supervisor = await call('/v1/company/employees', {
      method: 'POST',
      token: t,
      json: { employee: { email: 'z@demo.email', first_name: 'Z', last_name: 'Z', supervisor_id: 1 } },
    });
    expect(supervisor.body).toEqual(facts.employees.createInvalid.body);
  });

  it('ignores an unknown department with a meta error, as strings or as {field, description} objects', async () => {
    const employee = { email: 'm@demo.email', first_name: 'M', last_name: 'N', department: 'Nowhere', office: 'Paris' };
    const strings = await call('/v1/company/employees', { method: 'POST', token: await token(), json: { employee } });
    expect(strings.status).toBe(200);
    expect(strings.body.meta).toEqual([expect.stringContaining('Nowhere')]);
    expect(mock.employees().find((e) => e.email === 'm@demo.email')).toMatchObject({ department: null, office: 'Paris' });
    mock = await start({ metaShape: 'objects' });
    const objects = await call('/v1/company/employees', { method: 'POST', token: await token(), json: { employee } });
    expect(keysOf(objects.body.meta[0])).toEqual(keysOf(facts.employees.errorMetaObject));
    expect(objects.body.meta[0].field).toBe('department');
  });

  it('injects 5xx, 429 with Retry-After, and a create stored whose connection is dropped', async () => {
    const t = await token();
    mock.failNext(1, 502);
    mock.rateLimitNext(1, 3);
    expect((await call('/v1/company/employees', { token: t })).status).toBe(502);
    const limited = await call('/v1/company/employees', { token: t });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
    mock.dropAfterStoreNext(1);
    const dropped = await fetch(`${mock.url}/v1/company/employees`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      body: JSON.stringify({ employee: { email: 'd@demo.email', first_name: 'D', last_name: 'D' } }),
    }).catch((e: unknown) => e);
    expect((dropped as Error).message).toBe('fetch failed');
    expect(mock.employees().some((e) => e.email === 'd@demo.email')).toBe(true);
    expect(mock.createCalls().at(-1)?.status).toBeNull();
  });
});
