import { fixture } from '../../../test/support/fixtures';
import { employeeKeyOf } from '../../employees/employee-key';
import { mapFlatchrHireToEmployee } from '../../mapping/flatchr-to-employee';
import { InvalidHireDataError } from '../../mapping/invalid-hire-data.error';
import { computeDedupeKey } from '../dedupe-key';
import { isHireDelivery } from '../hire-detector';
import type { FlatchrApiVacancy, FlatchrSearchApplicant } from './flatchr-api.types';
import { candidateIdOfApplicant, candidateIdOfSearchItem, searchApplicantToHireDelivery } from './search-applicant-to-delivery';

/** The person of the drag_applicant.hired fixture (candidate 1260 of company 60) as the search answers it. */
const searchItem = (): FlatchrSearchApplicant => ({
  applicant: 'z7gWQnjXG77hJRak',
  vacancy: 'Account Executive ',
  vacancy_id: 'a4JL2lpEbydwBXKe',
  column: 'Recruté',
  candidate_id: 1260,
  external_id: '',
  firstname: 'Hubert',
  lastname: 'Delajaque',
  email: 'delajaque@mail.com',
  phone: '+33 6 76 56 45 23',
  status: 1,
  hired: true,
  created_at: '13/01/22',
  updated_at: 1642087613,
  source: "L'Apec",
});

const vacancy = (): FlatchrApiVacancy => {
  const v = fixture('drag_applicant.hired').data.vacancy;
  return { ...v, id: 'a4JL2lpEbydwBXKe' };
};

const context = { companyId: 60, companyKey: 'G6KzqPnNLyp31m0l', candidateId: 1260, vacancy: vacancy() };

describe('searchApplicantToHireDelivery', () => {
  it('builds a drag_applicant into a hired column that isHireDelivery takes for a hire', () => {
    const result = searchApplicantToHireDelivery(searchItem(), context);
    if (!result.ok) throw new Error(result.reason);
    expect(result.delivery.event).toBe('drag_applicant');
    expect(result.delivery.company_id).toBe(60);
    expect(result.delivery.data.column).toEqual({ id: null, title: 'Recruté', hired: true });
    expect(isHireDelivery(result.delivery as unknown as Record<string, unknown>, [])).toBe(true);
  });

  it('gives the same employee key and record as the webhook for the same person', () => {
    const result = searchApplicantToHireDelivery(searchItem(), context);
    if (!result.ok) throw new Error(result.reason);
    const viaApi = mapFlatchrHireToEmployee(result.delivery);
    const viaWebhook = mapFlatchrHireToEmployee(fixture('drag_applicant.hired') as any);
    expect(employeeKeyOf(viaApi)).toEqual(employeeKeyOf(viaWebhook));
    expect(employeeKeyOf(viaApi)).toEqual({ companyId: '60', candidateId: '1260' });
    expect(viaApi.externalId).toBe(viaWebhook.externalId);
    // Same person, same vacancy: only the applicant id differs (encoded from the API, plain from the webhook).
    expect({ ...viaApi, source: { ...viaApi.source, applicantId: null } }).toEqual({
      ...viaWebhook,
      source: { ...viaWebhook.source, applicantId: null },
    });
    expect(viaApi.source.applicantId).toBe('z7gWQnjXG77hJRak');
  });

  it('keeps the id types of the webhook whether the ids came as numbers or strings', () => {
    const result = searchApplicantToHireDelivery(
      { ...searchItem(), candidate_id: '1260' },
      { ...context, companyId: '60', candidateId: '1260' },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(employeeKeyOf(mapFlatchrHireToEmployee(result.delivery))).toEqual({ companyId: '60', candidateId: '1260' });
  });

  it('gives a stable dedupe key: the same applicant found by two overlapping runs is one delivery', () => {
    const a = searchApplicantToHireDelivery(searchItem(), context);
    const b = searchApplicantToHireDelivery({ ...searchItem(), updated_at: '2022-01-13T15:26:53.000Z' }, context);
    if (!a.ok || !b.ok) throw new Error('not ok');
    expect(computeDedupeKey(a.delivery as any)).toBe('drag_applicant|60|z7gWQnjXG77hJRak||2022-01-13T15:26:53.000Z');
    expect(computeDedupeKey(b.delivery as any)).toBe(computeDedupeKey(a.delivery as any));
  });

  it('with the board columns known, refuses an item not flagged hired whose column is not a hired one', () => {
    const hiredColumns = [{ id: '696', title: 'Recruté', hired: true }];
    const unflagged = { ...searchItem(), hired: undefined };
    expect(searchApplicantToHireDelivery(unflagged, { ...context, hiredColumns }).ok).toBe(true);
    expect(searchApplicantToHireDelivery({ ...unflagged, column: 'Entretien RH' }, { ...context, hiredColumns })).toEqual({
      ok: false,
      reason: 'applicant z7gWQnjXG77hJRak: column "Entretien RH" is not a hired column; hired columns: "Recruté" (696)',
    });
    // Flatchr's own flag wins over the board list, and without the list the hired filter is trusted.
    expect(searchApplicantToHireDelivery({ ...searchItem(), column: 'Entretien RH' }, { ...context, hiredColumns }).ok).toBe(true);
    expect(searchApplicantToHireDelivery({ ...unflagged, column: 'Entretien RH' }, context).ok).toBe(true);
  });

  it('takes the vacancy title from the search when the vacancy details are missing', () => {
    const result = searchApplicantToHireDelivery(searchItem(), { ...context, vacancy: null });
    if (!result.ok) throw new Error(result.reason);
    const record = mapFlatchrHireToEmployee(result.delivery);
    expect(record.jobTitle).toBe('Account Executive');
    expect(record.contractType).toBeNull();
  });

  it('refuses what is not a hire it can key: hired false, no applicant id, no plain candidate id', () => {
    expect(searchApplicantToHireDelivery({ ...searchItem(), hired: false }, context)).toEqual({
      ok: false,
      reason: 'applicant z7gWQnjXG77hJRak is not flagged hired',
    });
    expect(searchApplicantToHireDelivery({ ...searchItem(), applicant: null }, context).ok).toBe(false);
    const noCandidate = searchApplicantToHireDelivery(searchItem(), { ...context, candidateId: null });
    expect(noCandidate.ok).toBe(false);
    expect(!noCandidate.ok && noCandidate.reason).toMatch(/no plain candidate id/);
  });

  it('leaves missing names to the mapper, which refuses them as it refuses a webhook', () => {
    const result = searchApplicantToHireDelivery({ ...searchItem(), lastname: '' }, context);
    if (!result.ok) throw new Error(result.reason);
    expect(() => mapFlatchrHireToEmployee(result.delivery)).toThrow(InvalidHireDataError);
  });
});

describe('candidate ids per reading', () => {
  it('reads candidate_id on the search item, or on the applicant of the 2020 route', () => {
    expect(candidateIdOfSearchItem(searchItem())).toBe('1260');
    expect(candidateIdOfSearchItem({ ...searchItem(), candidate_id: undefined })).toBeNull();
    expect(candidateIdOfApplicant({ id: 'x', candidate_id: 1260 })).toBe('1260');
    expect(candidateIdOfApplicant({ id: 'x', candidate: { id: 1260 } })).toBe('1260');
    expect(candidateIdOfApplicant(null)).toBeNull();
  });
});
