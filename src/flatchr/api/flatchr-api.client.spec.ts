import { employeeKeyOf } from '../../employees/employee-key';
import { contractTypeTableFromReferential, resolveContractTypeTable } from '../../mapping/contract-labels';
import { mapFlatchrHireToEmployee } from '../../mapping/flatchr-to-employee';
import { demoHires, demoVacancies, encodedId } from '../../mock-flatchr/mock-flatchr.seed';
import { MockFlatchr, MockFlatchrApplicant, MockFlatchrOptions, startFlatchrMock } from '../../mock-flatchr/mock-flatchr.server';
import { planBackfillRange, planCatchUpWindow } from './catch-up-planner';
import { FlatchrApiClient, FlatchrApiClientOptions } from './flatchr-api.client';
import { FlatchrApiError, FlatchrKeyRefusedError, FlatchrUserRefusedError } from './flatchr-api.errors';
import { FlatchrApiHireSource } from './flatchr-api-hire-source';
import { iterateHiredApplicants } from './hired-applicant-pages';
import { hiredColumnsOf } from './hired-columns';
import { QueuedFlatchrRequestPacer } from './flatchr-request-pacer';

const API_KEY = 'test-flatchr-key';
const COMPANY_KEY = 'G6KzqPnNLyp31m0l';
const USER = { email: 'recruiter@example.com', password: 'right-password' };
const NOW = new Date('2026-11-30T10:00:00Z');
const vacancies = demoVacancies(COMPANY_KEY);

let mock: MockFlatchr | null = null;

afterEach(async () => {
  await mock?.close();
  mock = null;
});

async function startMock(options: Partial<MockFlatchrOptions> = {}): Promise<MockFlatchr> {
  mock = await startFlatchrMock({ apiKey: API_KEY, companyKey: COMPANY_KEY, users: [USER], vacancies, applicants: [], ...options });
  return mock;
}

function clientFor(m: MockFlatchr, options: Partial<FlatchrApiClientOptions> = {}): FlatchrApiClient {
  return new FlatchrApiClient({
    baseUrl: m.url,
    companyKey: COMPANY_KEY,
    apiKey: API_KEY,
    user: USER,
    timeoutMs: 2000,
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
    pacer: new QueuedFlatchrRequestPacer({ requestsPerSecond: 1000 }),
    ...options,
  });
}

function applicant(n: number, updatedAt: string, overrides: Partial<MockFlatchrApplicant> = {}): MockFlatchrApplicant {
  return {
    id: encodedId('App', n),
    candidateId: n,
    firstname: `Prénom${n}`,
    lastname: `Nom${n}`,
    email: `hire${n}@example.com`,
    vacancyId: vacancies[(n - 1) % vacancies.length].id,
    column: 'Recruté',
    hired: true,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt,
    ...overrides,
  };
}

async function collect(client: FlatchrApiClient, range: { from: string; to: string }, options = {}) {
  const pages = [];
  for await (const page of iterateHiredApplicants(client, range, options)) pages.push(page);
  return { pages, ids: pages.flatMap((p) => p.applicants.map((a) => a.applicant)) };
}

describe('FlatchrApiClient against the Flatchr mock', () => {
  describe('catch-up search', () => {
    it('asks hired applicants updated in the overlapping day window, as Flatchr documents the body', async () => {
      const m = await startMock({
        applicants: [
          applicant(1, '2026-11-30T09:30:00.000Z'),
          applicant(2, '2026-11-29T23:50:00.000Z'),
          applicant(3, '2026-11-20T10:00:00.000Z'),
          applicant(4, '2026-11-30T09:00:00.000Z', { hired: false, column: 'Entretien RH' }),
        ],
      });
      const plan = planCatchUpWindow({ now: NOW, lastSuccessAt: new Date('2026-11-30T09:45:00Z'), overlapMs: 60 * 60 * 1000 });
      const { ids } = await collect(clientFor(m), plan);

      expect(ids.sort()).toEqual([encodedId('App', 1), encodedId('App', 2)]);
      const [search] = m.apiRequests('/search/applicants');
      expect(search.method).toBe('POST');
      expect(search.path).toBe(`/company/${COMPANY_KEY}/search/applicants`);
      expect(search.encoding).toBe('json');
      expect(search.body).toEqual({ hired: 'true', start_update: '11/29/26', end_update: '12/02/26' });
      expect(search.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(m.apiRequests('/search/applicants')).toHaveLength(1);
    });

    it.each([true, false])('finds today and yesterday’s hires whether end_update is inclusive (%s) or not', async (inclusive) => {
      const m = await startMock({
        readings: { endDateInclusive: inclusive },
        applicants: [applicant(1, '2026-11-30T09:59:00.000Z'), applicant(2, '2026-11-29T00:00:00.000Z')],
      });
      const plan = planCatchUpWindow({ now: NOW, lastSuccessAt: new Date('2026-11-29T12:00:00Z') });
      expect((await collect(clientFor(m), plan)).ids).toHaveLength(2);
    });

    it('hired filter reading "string" (chosen): the string "true" filters where a boolean would be ignored', async () => {
      const m = await startMock({
        readings: { hiredFilter: 'string' },
        applicants: [
          applicant(1, '2026-11-30T09:00:00.000Z'),
          applicant(2, '2026-11-30T09:00:00.000Z', { hired: false, column: 'Nouveaux' }),
        ],
      });
      const window = { from: '2026-11-29', to: '2026-12-02' };
      expect((await clientFor(m).searchHiredApplicants(window)).map((a) => a.applicant)).toEqual([encodedId('App', 1)]);
      // The other spelling, sent to this server, filters nothing: the reading matters.
      expect(await clientFor(m, { readings: { hiredFilter: 'boolean' } }).searchHiredApplicants(window)).toHaveLength(2);
    });

    it('hired filter reading "boolean": sends `hired: true` and gets only hires from a server that reads booleans', async () => {
      const m = await startMock({
        readings: { hiredFilter: 'boolean' },
        applicants: [
          applicant(1, '2026-11-30T09:00:00.000Z'),
          applicant(2, '2026-11-30T09:00:00.000Z', { hired: false, column: 'Nouveaux' }),
        ],
      });
      const client = clientFor(m, { readings: { hiredFilter: 'boolean' } });
      expect((await client.searchHiredApplicants({ from: '2026-11-29', to: '2026-12-02' })).map((a) => a.applicant)).toEqual([
        encodedId('App', 1),
      ]);
      expect(m.apiRequests('/search/applicants')[0].body).toMatchObject({ hired: true });
    });
  });

  describe('paging and bounded answers', () => {
    const twelveHires = () => demoHires({ count: 12, latest: new Date('2026-11-30T09:00:00Z'), spacingMs: 8 * 60 * 60 * 1000, vacancies });

    it('reading "none" without a cap: one bare array per window', async () => {
      const m = await startMock({ applicants: twelveHires() });
      const { ids, pages } = await collect(clientFor(m), { from: '2026-11-25', to: '2026-12-02' });
      expect(ids).toHaveLength(12);
      expect(pages).toHaveLength(1);
    });

    it('reading "none" with a silent cap: a full answer is split by days until every hire is found', async () => {
      // Two a day: a one-day window (two days on a server whose end date is inclusive) stays under the cap.
      const hires = demoHires({ count: 12, latest: new Date('2026-11-30T09:00:00Z'), spacingMs: 12 * 60 * 60 * 1000, vacancies });
      const m = await startMock({ readings: { paging: { kind: 'none', cap: 5 } }, applicants: hires });
      const { ids, pages } = await collect(clientFor(m, { readings: { searchResultCap: 5 } }), { from: '2026-11-24', to: '2026-12-02' });
      expect(new Set(ids).size).toBe(12);
      expect(ids).toHaveLength(12);
      expect(pages.every((p) => !p.possiblyIncomplete)).toBe(true);
      for (const r of m.apiRequests('/search/applicants')) expect(r.body).toMatchObject({ hired: 'true' });
      expect(m.apiRequests('/search/applicants').length).toBeGreaterThan(1);
    });

    it('reading "none": a one-day window still at the cap is yielded and flagged possibly incomplete', async () => {
      const sameDay = Array.from({ length: 7 }, (_, i) => applicant(100 + i, `2026-11-30T0${i}:00:00.000Z`));
      const m = await startMock({ readings: { paging: { kind: 'none', cap: 5 } }, applicants: sameDay });
      const { pages } = await collect(clientFor(m, { readings: { searchResultCap: 5 } }), { from: '2026-11-30', to: '2026-12-01' });
      expect(pages).toHaveLength(1);
      expect(pages[0].possiblyIncomplete).toBe(true);
    });

    it('an answer larger than the client reads is not parsed: its window is halved', async () => {
      const m = await startMock({ applicants: twelveHires() });
      const { ids } = await collect(clientFor(m, { maxAnswerBytes: 2500 }), { from: '2026-11-25', to: '2026-12-02' });
      expect(ids).toHaveLength(12);
      expect(m.apiRequests('/search/applicants').length).toBeGreaterThan(2);
    });

    it('reading "page": asks page after page of the bounded size until a short page', async () => {
      const paging = { kind: 'page', pageField: 'page', sizeField: 'limit', firstPage: 1 } as const;
      const m = await startMock({ readings: { paging }, applicants: twelveHires() });
      const { ids } = await collect(
        clientFor(m, { readings: { searchPaging: paging } }),
        { from: '2026-11-25', to: '2026-12-02' },
        { pageSize: 5 },
      );
      expect(ids).toHaveLength(12);
      expect(m.apiRequests('/search/applicants').map((r) => r.body)).toEqual(
        [1, 2, 3].map((page) => ({ hired: 'true', start_update: '11/25/26', end_update: '12/02/26', page, limit: 5 })),
      );
    });

    it('backfill: windows of a week over a month, every hire yielded once', async () => {
      const m = await startMock({
        applicants: demoHires({ count: 60, latest: new Date('2026-11-30T08:00:00Z'), spacingMs: 12 * 60 * 60 * 1000, vacancies }),
      });
      const range = planBackfillRange('2026-10-31', NOW);
      const { ids } = await collect(clientFor(m), range, { windowDays: 7 });
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      const windows = m.apiRequests('/search/applicants').map((r) => r.body as Record<string, string>);
      expect(windows[0]).toEqual({ hired: 'true', start_update: '10/30/26', end_update: '11/06/26' });
      expect(windows.at(-1)?.end_update).toBe('12/02/26');
    });
  });

  describe('hires as webhook-shaped deliveries', () => {
    it('reads the vacancy once per vacancy and maps contract labels from the referential', async () => {
      const m = await startMock({ applicants: demoHires({ count: 12, latest: new Date('2026-11-30T09:00:00Z'), vacancies }) });
      const client = clientFor(m);
      const table = resolveContractTypeTable(contractTypeTableFromReferential(await client.listContractTypes()));
      const hiredColumns = hiredColumnsOf(await client.listColumns());
      const source = new FlatchrApiHireSource(client, { companyId: 60, hiredColumns });
      const types: Record<string, string | null> = {};
      for await (const page of source.pages({ from: '2026-11-28', to: '2026-12-02' })) {
        for (const item of page.applicants) {
          const found = await source.toDelivery(item);
          if (!found.ok) throw new Error(found.reason);
          expect(found.delivery.data.column).toEqual({ id: null, title: 'Recruté', hired: true });
          const record = mapFlatchrHireToEmployee(found.delivery, { contractTypes: table });
          types[record.jobTitle ?? ''] = record.contractType;
          expect(employeeKeyOf(record).companyId).toBe('60');
        }
      }
      expect(types).toEqual({
        'Account Executive': 'CDI',
        'Chargé de clientèle': 'CDD',
        'Stagiaire marketing': 'INTERNSHIP',
        'Alternant développeur': 'APPRENTICESHIP',
        'Designer freelance': 'FREELANCE',
        'Préparateur de commandes': 'INTERIM',
      });
      expect(m.apiRequests('/vacancy/')).toHaveLength(6);
      expect(m.apiRequests('/contracts')[0].query).toEqual({ lang: 'fr' });
    });

    it.each(['label', 'name', 'map'] as const)('reads the contract referential answered as %s', async (contractsShape) => {
      const m = await startMock({ readings: { contractsShape } });
      const table = contractTypeTableFromReferential(await clientFor(m).listContractTypes());
      expect(table).toEqual({ '1': 'CDI', '2': 'CDD', '3': 'INTERNSHIP', '4': 'APPRENTICESHIP', '5': 'FREELANCE', '6': 'INTERIM' });
    });

    it('search vacancy_id as a plain integer: /vacancy/{id} does not know it, so the company list is read once', async () => {
      const m = await startMock({
        readings: { searchVacancyId: 'plain' },
        applicants: demoHires({ count: 3, latest: new Date('2026-11-30T09:00:00Z'), vacancies }),
      });
      const source = new FlatchrApiHireSource(clientFor(m), { companyId: 60 });
      const items = await source.client.searchHiredApplicants({ from: '2026-11-29', to: '2026-12-02' });
      const found = await Promise.all(items.map((item) => source.toDelivery(item)));
      const records = found.map((f) => (f.ok ? mapFlatchrHireToEmployee(f.delivery) : null));
      expect(records.map((r) => r?.jobTitle).sort()).toEqual(['Account Executive', 'Chargé de clientèle', 'Stagiaire marketing']);
      expect(records.map((r) => r?.source.vacancyId).sort()).toEqual([vacancies[0].id, vacancies[1].id, vacancies[2].id]);
      expect(m.apiRequests(`/company/${COMPANY_KEY}/vacancies`)).toHaveLength(1);
      expect(m.apiRequests('/vacancy/').map((r) => r.status)).toEqual([404, 404, 404]);
    });

    it('candidate id reading "search-result": the item’s candidate_id keys the employee as its webhook would', async () => {
      const m = await startMock({ applicants: [applicant(1260, '2026-11-30T09:00:00.000Z')] });
      const source = new FlatchrApiHireSource(clientFor(m), { companyId: 60 });
      const [item] = await source.client.searchHiredApplicants({ from: '2026-11-29', to: '2026-12-02' });
      const found = await source.toDelivery(item);
      if (!found.ok) throw new Error(found.reason);
      expect(employeeKeyOf(mapFlatchrHireToEmployee(found.delivery))).toEqual({ companyId: '60', candidateId: '1260' });
      expect(m.apiRequests('/applicant/')).toHaveLength(0);
    });

    it('candidate id reading "applicant-endpoint": read from GET /company/{key}/applicant/{id} when the search lacks it', async () => {
      const m = await startMock({
        readings: { searchIncludesCandidateId: false },
        applicants: [applicant(1260, '2026-11-30T09:00:00.000Z')],
      });
      const source = new FlatchrApiHireSource(clientFor(m, { readings: { candidateIdSource: 'applicant-endpoint' } }), { companyId: 60 });
      const [item] = await source.client.searchHiredApplicants({ from: '2026-11-29', to: '2026-12-02' });
      expect(item.candidate_id).toBeUndefined();
      const found = await source.toDelivery(item);
      if (!found.ok) throw new Error(found.reason);
      expect(employeeKeyOf(mapFlatchrHireToEmployee(found.delivery))).toEqual({ companyId: '60', candidateId: '1260' });
      expect(m.apiRequests('/applicant/').map((r) => r.path)).toEqual([`/company/${COMPANY_KEY}/applicant/${encodedId('App', 1260)}`]);
    });

    it('without a plain candidate id in the chosen reading, the hire is refused with the reason, never keyed otherwise', async () => {
      const m = await startMock({
        readings: { searchIncludesCandidateId: false },
        applicants: [applicant(1260, '2026-11-30T09:00:00.000Z')],
      });
      const source = new FlatchrApiHireSource(clientFor(m), { companyId: 60 });
      const [item] = await source.client.searchHiredApplicants({ from: '2026-11-29', to: '2026-12-02' });
      const found = await source.toDelivery(item);
      expect(found.ok).toBe(false);
      expect(!found.ok && found.reason).toMatch(/no plain candidate id/);
    });
  });

  describe('columns', () => {
    it('lists the board columns with their hired flag', async () => {
      const m = await startMock();
      const columns = await clientFor(m).listColumns();
      expect(hiredColumnsOf(columns)).toEqual([{ id: '696', title: 'Recruté', hired: true }]);
      expect(m.apiRequests('/columns')[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    });
  });

  describe('write-back', () => {
    const hire = () => applicant(1, '2026-11-30T09:00:00.000Z');

    it.each(['json', 'multipart'] as const)(
      'comment (%s body): logs in with the user, comments with the user token',
      async (commentEncoding) => {
        const m = await startMock({ readings: { commentEncoding }, applicants: [hire()] });
        const client = clientFor(m, { readings: { commentEncoding } });
        const comment = await client.createComment(encodedId('App', 1), { text: 'HireBridge: Created in Lucca, id 123, on 2026-12-01' });
        expect(comment.id).toBe(3601);
        expect(m.comments).toEqual([
          {
            id: 3601,
            applicantId: encodedId('App', 1),
            text: 'HireBridge: Created in Lucca, id 123, on 2026-12-01',
            private: false,
            type: 'note',
            userEmail: USER.email,
          },
        ]);
        const [login] = m.apiRequests('/user/login');
        expect(login.body).toEqual(USER);
        expect(login.headers.authorization).toBeUndefined();
        const [post] = m.apiRequests('/comment');
        expect(post.encoding).toBe(commentEncoding);
        expect(post.headers.authorization).toMatch(/^Bearer eyJ/);
        expect(post.headers.authorization).not.toContain(API_KEY);
        // The other encoding to this server is refused: the reading matters.
        const other = clientFor(m, { readings: { commentEncoding: commentEncoding === 'json' ? 'multipart' : 'json' } });
        await expect(other.createComment(encodedId('App', 1), { text: 'x' })).rejects.toMatchObject({ kind: 'rejected', status: 400 });
      },
    );

    it('Flatchr refuses a comment sent with the API key', async () => {
      const m = await startMock({ applicants: [hire()] });
      const res = await fetch(`${m.url}/company/${COMPANY_KEY}/applicant/${encodedId('App', 1)}/comment`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'with the API key' }),
      });
      expect(res.status).toBe(401);
      expect(m.comments).toHaveLength(0);
    });

    it('a refused login (or no user configured) is a FlatchrUserRefusedError and no comment is sent', async () => {
      const m = await startMock({ applicants: [hire()] });
      const wrong = clientFor(m, { user: { email: USER.email, password: 'wrong' } });
      await expect(wrong.createComment(encodedId('App', 1), { text: 'x' })).rejects.toBeInstanceOf(FlatchrUserRefusedError);
      await expect(clientFor(m, { user: null }).createComment(encodedId('App', 1), { text: 'x' })).rejects.toMatchObject({
        kind: 'user-refused',
      });
      await expect(wrong.login()).rejects.toBeInstanceOf(FlatchrUserRefusedError);
      expect(m.apiRequests('/comment').filter((r) => r.status === 200)).toHaveLength(0);
      expect(m.comments).toHaveLength(0);
    });

    it('logs in again once when the user token expired', async () => {
      const m = await startMock({ applicants: [hire()] });
      const client = clientFor(m);
      await client.createComment(encodedId('App', 1), { text: 'first' });
      m.expireUserTokens();
      await client.createComment(encodedId('App', 1), { text: 'second' });
      expect(m.comments.map((c) => c.text)).toEqual(['first', 'second']);
      expect(m.apiRequests('/user/login')).toHaveLength(2);
      expect(m.apiRequests('/comment').map((r) => r.status)).toEqual([200, 401, 200]);
    });

    it.each(['api-key', 'user-token'] as const)('tag (trait) with the %s, per the reading', async (tagAuth) => {
      const m = await startMock({ readings: { tagAuth }, applicants: [hire()] });
      const client = clientFor(m, { readings: { tagAuth } });
      const [tag] = await client.listTags();
      await client.addTag(encodedId('App', 1), { tagId: String(tag.id), value: 'Lucca 123' });
      expect(m.traits).toEqual([{ applicantId: encodedId('App', 1), tag: tag.id, value: 'Lucca 123' }]);
      const wrongAuth = clientFor(m, { readings: { tagAuth: tagAuth === 'api-key' ? 'user-token' : 'api-key' } });
      await expect(wrongAuth.addTag(encodedId('App', 1), { tagId: String(tag.id), value: 'x' })).rejects.toBeInstanceOf(FlatchrApiError);
    });
  });

  describe('failures', () => {
    it('401 for a bad or expired API key is a FlatchrKeyRefusedError, not retried', async () => {
      const m = await startMock();
      const bad = clientFor(m, { apiKey: 'not-the-key' });
      const error = await bad.listColumns().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlatchrKeyRefusedError);
      expect(error).toMatchObject({ kind: 'key-refused', status: 401, retryable: false });
      expect((error as Error).message).toMatch(/365 days/);
      expect((error as Error).message).not.toContain(COMPANY_KEY);
      m.expireApiKey();
      await expect(clientFor(m).searchHiredApplicants({ from: '2026-11-29', to: '2026-12-02' })).rejects.toBeInstanceOf(
        FlatchrKeyRefusedError,
      );
      expect(m.apiRequests()).toHaveLength(2);
    });

    it('429 then 503 then success: backs off and retries', async () => {
      const m = await startMock({
        applicants: [applicant(1, '2026-11-30T09:00:00.000Z')],
        faults: [{ status: 429, retryAfterSeconds: 0 }, { status: 503 }],
      });
      const found = await clientFor(m).searchHiredApplicants({ from: '2026-11-29', to: '2026-12-02' });
      expect(found).toHaveLength(1);
      expect(m.apiRequests('/search/applicants').map((r) => r.status)).toEqual([429, 503, 200]);
    });

    it('gives up after the bounded tries: rate-limited for 429, unavailable for 5xx', async () => {
      const m = await startMock({ faults: Array.from({ length: 4 }, () => ({ status: 429, retryAfterSeconds: 0 })) });
      await expect(clientFor(m).listColumns()).rejects.toMatchObject({ kind: 'rate-limited', status: 429, retryable: true });
      expect(m.apiRequests()).toHaveLength(4);
      m.enqueueFaults(...Array.from({ length: 4 }, () => ({ status: 502 })));
      await expect(clientFor(m).listColumns()).rejects.toMatchObject({ kind: 'unavailable', status: 502 });
      expect(m.apiRequests()).toHaveLength(8);
    });

    it('a call without an answer times out and is retried', async () => {
      const m = await startMock({ faults: [{ hang: true }] });
      const columns = await clientFor(m, { timeoutMs: 300 }).listColumns();
      expect(columns).toHaveLength(3);
      expect(m.apiRequests('/columns')).toHaveLength(2);
      m.enqueueFaults({ hang: true }, { hang: true });
      await expect(clientFor(m, { timeoutMs: 300, retry: { attempts: 2, baseDelayMs: 5 } }).listColumns()).rejects.toMatchObject({
        kind: 'unavailable',
        message: expect.stringMatching(/no answer within 300 ms/),
      });
    });

    it('another 4xx is rejected for good, and FLATCHR_API_URL keeps only the origin', async () => {
      const m = await startMock();
      const client = clientFor(m, { baseUrl: `${m.url}/some/prefix?x=1` });
      expect(client.origin).toBe(m.url);
      await expect(client.searchApplicants({ updatedFrom: '2026-11-29' })).resolves.toEqual([]);
      expect(m.apiRequests('/search/applicants')[0].path).toBe(`/company/${COMPANY_KEY}/search/applicants`);
      const other = new FlatchrApiClient({ companyKey: 'OtherCompany', apiKey: API_KEY, baseUrl: m.url, retry: { attempts: 1 } });
      await expect(other.listColumns()).rejects.toMatchObject({ kind: 'rejected', status: 403 });
    });
  });
});
