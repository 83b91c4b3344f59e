import { encodedId } from '../../mock-flatchr/mock-flatchr.seed';
import { MockFlatchr, startFlatchrMock } from '../../mock-flatchr/mock-flatchr.server';
import type { WriteBackSubject } from '../../sync/sync-jobs.repository';
import { FlatchrApiClient } from '../api/flatchr-api.client';
import { QueuedFlatchrRequestPacer } from '../api/flatchr-request-pacer';
import { restApplicantId } from './flatchr-write-back.worker';

const KEY = 'api-key-rest-applicant';
const COMPANY = 'G6KzqPnNLyp31m0l';

const subject = (over: Partial<WriteBackSubject>): WriteBackSubject => ({
  status: 'succeeded',
  outcome: 'created',
  hrisId: 'emp_1',
  connectionId: 'c1',
  provider: 'generic-sirh',
  finishedAt: new Date(),
  source: 'webhook',
  writeBackStatus: 'pending',
  companyId: '60',
  candidateId: '7001',
  applicantId: '107001',
  email: 'candidate7001@example.com',
  ...over,
});

describe('restApplicantId: the applicant id Flatchr paths take, for a write-back', () => {
  const run = async (readings: { searchIncludesCandidateId: boolean }, check: (m: MockFlatchr, c: FlatchrApiClient) => Promise<void>) => {
    const mock = await startFlatchrMock({ apiKey: KEY, companyKey: COMPANY, readings });
    mock.addApplicants(
      {
        id: encodedId('App', 7001),
        candidateId: 7001,
        firstname: 'A',
        lastname: 'B',
        email: 'candidate7001@example.com',
        vacancyId: null,
        column: 'Recruté',
        hired: true,
        createdAt: '2026-11-01T10:00:00.000Z',
        updatedAt: '2026-11-20T10:00:00.000Z',
      },
      {
        id: encodedId('App', 9999),
        candidateId: 9999,
        firstname: 'Other',
        lastname: 'Person',
        email: 'someone@example.com',
        vacancyId: null,
        column: 'Recruté',
        hired: true,
        createdAt: '2026-11-01T10:00:00.000Z',
        updatedAt: '2026-11-20T10:00:00.000Z',
      },
    );
    const client = new FlatchrApiClient({
      baseUrl: mock.url,
      companyKey: COMPANY,
      apiKey: KEY,
      pacer: new QueuedFlatchrRequestPacer({ requestsPerSecond: 1000 }),
    });
    try {
      await check(mock, client);
    } finally {
      await mock.close();
    }
  };

  it("keeps the API's own encoded id without asking Flatchr", () =>
    run({ searchIncludesCandidateId: true }, async (mock, client) => {
      expect(await restApplicantId(client, subject({ source: 'flatchr-api', applicantId: 'AppEncoded000001' }))).toBe('AppEncoded000001');
      expect(await restApplicantId(client, subject({ applicantId: 'a4JL2lpEQKpwBXKe' }))).toBe('a4JL2lpEQKpwBXKe');
      expect(mock.apiRequests()).toHaveLength(0);
    }));

  it("finds a webhook's plain applicant id by email, matched on the candidate id", () =>
    run({ searchIncludesCandidateId: true }, async (mock, client) => {
      expect(await restApplicantId(client, subject({}))).toBe(encodedId('App', 7001));
      expect(mock.apiRequests('/search/applicants')[0].body).toEqual({ email: 'candidate7001@example.com' });
      await expect(restApplicantId(client, subject({ candidateId: '1234' }))).rejects.toThrow(/no Flatchr applicant found/);
    }));

  it('still finds it when search items carry no candidate_id (the other reading)', () =>
    run({ searchIncludesCandidateId: false }, async (_mock, client) => {
      expect(await restApplicantId(client, subject({}))).toBe(encodedId('App', 7001));
    }));
});
