import { luccaMockEntry } from './lucca-mock.entry';
import { LuccaMock, startLuccaMock } from './lucca-mock.server';

/** The mock's own quirks, as Lucca documents them, seen by a plain HTTP client. */
describe('Lucca mock', () => {
  let mock: LuccaMock;
  let clock: number;
  const auth = { Authorization: 'lucca application=k', 'Content-Type': 'application/json' };

  beforeEach(async () => {
    clock = 1_000_000;
    mock = await startLuccaMock({ apiKey: 'k', now: () => clock });
  });
  afterEach(() => mock.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
    fetch(mock.url + path, { method: 'POST', headers, body: JSON.stringify(body) });

  it('refuses a wrong key with a 401 problem', async () => {
    const res = await fetch(`${mock.url}/api/v3/users`, { headers: { Authorization: 'lucca application=nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers missing required fields with a 400 problem listing each one', async () => {
    const res = await post('/api/v3/users?contract=false', { firstName: 'Ana' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(body.errors).sort()).toEqual(['departmentId', 'dtContractStart', 'lastName', 'legalEntityId', 'mail']);
  });

  it('creates a contract along with the user only when asked (?contract=true)', async () => {
    const user = { firstName: 'Ana', lastName: 'Lopez', legalEntityId: 1, departmentId: 1, dtContractStart: '2027-01-04T00:00:00' };
    const withContract = await post('/api/v3/users?contract=true', { ...user, mail: 'ana@acme.example' });
    expect(withContract.status).toBe(200);
    expect(((await withContract.json()) as any).data).toMatchObject({ id: expect.any(Number), mail: 'ana@acme.example' });
    expect((await post('/api/v3/users?contract=false', { ...user, mail: 'bo@acme.example' })).status).toBe(200);
    expect(mock.contracts.map((c) => c.ownerId)).toEqual([mock.users[0].id]);

    const overlap = await post('/directory/api/4.0/work-contracts', { ownerId: mock.users[0].id, startsOn: '2027-02-01', typeId: 1 });
    expect(overlap.status).toBe(400);
  });

  it('holds a tenant to its requests per minute, with Retry-After', async () => {
    mock.setRequestsPerMinute(2);
    const get = () => fetch(`${mock.url}/directory/api/work-contract-archetypes`, { headers: auth });
    expect((await get()).status).toBe(200);
    clock += 15_000;
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    clock += 45_000;
    expect((await get()).status).toBe(200);
  });

  it('starts from `npm run start:mock -- --vendor lucca`, printing the connection to use', async () => {
    const running = await luccaMockEntry.start({ host: '127.0.0.1', port: 0, extra: { duplicateEmail: 'conflict' } });
    try {
      expect(running.banner).toContain('"provider":"lucca"');
      expect(running.banner).toContain('"apiKey":"dev-lucca-key"');
      const res = await fetch(`${running.url}/api/v3/users?paging=0,1&fields=id`, {
        headers: { Authorization: 'lucca application=dev-lucca-key' },
      });
      expect(res.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
