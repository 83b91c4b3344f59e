import { RunningPayfitMock, startPayfitMock } from './payfit-mock.server';

/** The PayFit double answers as PayFit documents: what connectors are tested against. */
describe('PayFit mock', () => {
  let mock: RunningPayfitMock;
  const auth = () => ({ Authorization: `Bearer ${mock.apiKey}`, 'Content-Type': 'application/json' });
  const collaborators = () => `${mock.url}/companies/${mock.companyId}/collaborators`;

  beforeAll(async () => {
    mock = await startPayfitMock();
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it('refuses a missing or wrong Bearer key with 401, and another company with 403', async () => {
    expect((await fetch(collaborators())).status).toBe(401);
    expect((await fetch(collaborators(), { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await fetch(`${mock.url}/companies/other/collaborators`, { headers: auth() })).status).toBe(403);
  });

  it('answers its 429 body with X-RateLimit-*-Second headers and no Retry-After past the per-second limit', async () => {
    const limited = await startPayfitMock({ readsPerSecond: 3 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${limited.url}/companies/${limited.companyId}/collaborators`, { headers: { Authorization: `Bearer ${limited.apiKey}` } }),
      ),
    );
    const throttled = answers.filter((a) => a.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(await throttled[0].json()).toEqual({ message: 'API rate limit exceeded' });
    expect(throttled[0].headers.get('x-ratelimit-limit-second')).toBe('3');
    expect(throttled[0].headers.get('x-ratelimit-remaining-second')).toBe('0');
    expect(throttled[0].headers.get('retry-after')).toBeNull();
    await limited.close();
  });

  it('checks the required collaborator and contract fields', async () => {
    const bad = await fetch(collaborators(), { method: 'POST', headers: auth(), body: JSON.stringify({ firstName: 'A' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['lastName', 'personalEmail']);
    const made = await fetch(collaborators(), {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ firstName: 'A', lastName: 'B', personalEmail: 'a@b.fr' }),
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const contract = await fetch(`${collaborators()}/${id}/contracts`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ jobTitle: 'X' }),
    });
    expect(contract.status).toBe(400);
  });

  it('answers the contract create with its id or a 201 with an empty body, as set', async () => {
    const c = mock.addCollaborator({ firstName: 'A', lastName: 'B', personalEmail: 'a@b.fr' });
    const body = JSON.stringify({ jobTitle: 'X', startDate: '2027-01-04' });
    const withId = await fetch(`${collaborators()}/${c.id}/contracts`, { method: 'POST', headers: auth(), body });
    expect([withId.status, await withId.json()]).toEqual([201, { id: c.contracts[0].id }]);
    mock.options.contractAnswer = 'empty';
    const empty = await fetch(`${collaborators()}/${c.id}/contracts`, { method: 'POST', headers: auth(), body });
    expect([empty.status, await empty.text()]).toEqual([201, '']);
    mock.options.contractAnswer = 'id';
  });

  it('pages by nextPageToken, at most 50, and filters on contract emails only unless set otherwise', async () => {
    for (let i = 0; i < 3; i++) mock.addCollaborator({ firstName: 'A', lastName: `${i}`, personalEmail: `p${i}@b.fr` });
    mock.addCollaborator({
      firstName: 'K',
      lastName: 'C',
      personalEmail: 'k@perso.fr',
      contracts: [{ jobTitle: 'X', startDate: '2020-01-01', status: 'active', email: 'k@work.fr' }],
    });
    expect((await fetch(`${collaborators()}?maxResults=51`, { headers: auth() })).status).toBe(400);
    const first = (await (await fetch(`${collaborators()}?maxResults=2`, { headers: auth() })).json()) as {
      collaborators: unknown[];
      meta: { nextPageToken: string };
    };
    expect(first.collaborators).toHaveLength(2);
    const second = (await (
      await fetch(`${collaborators()}?maxResults=2&nextPageToken=${first.meta.nextPageToken}`, { headers: auth() })
    ).json()) as {
      collaborators: unknown[];
      meta: { nextPageToken: string | null };
    };
    expect([second.collaborators.length, second.meta.nextPageToken]).toEqual([2, null]);
    const byEmail = async (email: string) =>
      ((await (await fetch(`${collaborators()}?maxResults=50&email=${email}`, { headers: auth() })).json()) as { collaborators: unknown[] })
        .collaborators.length;
    expect([await byEmail('k@work.fr'), await byEmail('p0@b.fr')]).toEqual([1, 0]);
    mock.options.emailFilter = 'any';
    expect(await byEmail('p0@b.fr')).toBe(1);
    mock.options.emailFilter = 'contract';
  });
});
