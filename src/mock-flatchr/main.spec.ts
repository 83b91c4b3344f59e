import { parseMockFlatchrArgs } from './main';
import { startFlatchrMock } from './mock-flatchr.server';
import { demoHires, demoVacancies } from './mock-flatchr.seed';

describe('mock Flatchr command line', () => {
  it('has defaults a demo can use as they are', () => {
    const args = parseMockFlatchrArgs([]);
    expect(args).toMatchObject({
      port: 4300,
      host: '127.0.0.1',
      apiKey: 'dev-flatchr-key',
      companyKey: 'G6KzqPnNLyp31m0l',
      seedHires: 20,
      faults: [],
    });
    expect(args.readings).toMatchObject({
      hiredFilter: 'either',
      paging: { kind: 'none' },
      endDateInclusive: true,
      searchIncludesCandidateId: true,
    });
  });

  it('reads faults and every reading flag, the last --port winning', () => {
    const args = parseMockFlatchrArgs([
      '--port', '4300', '--port', '4400', '--fault', '429:2', '--fault', '503',
      '--paging', 'page', '--end-exclusive', '--no-candidate-id', '--vacancy-id', 'plain', '--comment-encoding', 'multipart', '--hired-filter', 'string',
    ]); // prettier-ignore
    expect(args.port).toBe(4400);
    expect(args.faults).toEqual([{ status: 429, retryAfterSeconds: 1 }, { status: 429, retryAfterSeconds: 1 }, { status: 503 }]);
    expect(args.readings).toMatchObject({
      paging: { kind: 'page', pageField: 'page', sizeField: 'limit', firstPage: 1 },
      endDateInclusive: false,
      searchIncludesCandidateId: false,
      searchVacancyId: 'plain',
      commentEncoding: 'multipart',
      hiredFilter: 'string',
    });
    expect(parseMockFlatchrArgs(['--cap', '50']).readings.paging).toEqual({ kind: 'none', cap: 50 });
  });

  it('refuses what it cannot run', () => {
    expect(() => parseMockFlatchrArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseMockFlatchrArgs(['--fault', 'often'])).toThrow(/STATUS\[:COUNT\]/);
    expect(() => parseMockFlatchrArgs(['--paging', 'cursor'])).toThrow(/none, page/);
    expect(() => parseMockFlatchrArgs(['--fail-rate', '2'])).toThrow(/--fail-rate/);
    expect(() => parseMockFlatchrArgs(['--what'])).toThrow();
  });
});

describe('mock Flatchr control routes', () => {
  it('seeds applicants, queues faults and lists what it received, outside the recorded API traffic', async () => {
    const vacancies = demoVacancies('Key1');
    const mock = await startFlatchrMock({ apiKey: 'k', companyKey: 'Key1', vacancies });
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${mock.url}/__mock${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post('/applicants', demoHires({ count: 3, latest: new Date('2026-11-30T09:00:00Z'), vacancies }))).status).toBe(201);
      expect((await post('/faults', { status: 500 })).status).toBe(201);
      const search = () =>
        fetch(`${mock.url}/company/Key1/search/applicants`, {
          method: 'POST',
          headers: { Authorization: 'Bearer k', 'Content-Type': 'application/json' },
          body: JSON.stringify({ hired: 'true', start_update: '11/28/26' }),
        });
      expect((await search()).status).toBe(500);
      const answer = await search();
      expect(answer.status).toBe(200);
      expect(await answer.json()).toHaveLength(3);
      const recorded = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as Array<{ status: number }>;
      expect(recorded.map((r) => r.status)).toEqual([500, 200]);
      expect((await post('/expire-api-key', {})).status).toBe(204);
      expect((await search()).status).toBe(401);
    } finally {
      await mock.close();
    }
  });

  it('refuses a date not written MM/DD/YY', async () => {
    const mock = await startFlatchrMock({ apiKey: 'k', companyKey: 'Key1' });
    try {
      const res = await fetch(`${mock.url}/company/Key1/search/applicants`, {
        method: 'POST',
        headers: { Authorization: 'Bearer k', 'Content-Type': 'application/json' },
        body: JSON.stringify({ hired: 'true', start_update: '2026-11-28' }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ message: 'start_update must be a date as MM/DD/YY' });
    } finally {
      await mock.close();
    }
  });
});
