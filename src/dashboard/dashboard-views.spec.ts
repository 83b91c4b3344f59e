import { deliveriesPage, jobLiveFragment, jobsTable, LiveJob } from './dashboard-views';
import type { DeliveryRow } from './deliveries-query.service';
import { localeFor } from './i18n/locale';
import type { SyncJobRow } from './sync-jobs-query.service';

const en = localeFor('en', 'Europe/Paris');
const fr = localeFor('fr', 'Europe/Paris');
const at = new Date('2026-11-30T09:40:00.000Z');
const job = (over: Partial<LiveJob>): LiveJob => ({
  status: 'succeeded',
  hrisId: 'emp_1',
  attemptCount: 1,
  lastError: null,
  finishedAt: at,
  startedAt: at,
  outcome: 'created',
  foundName: null,
  mappedRecord: { firstName: 'Zoé', lastName: 'Dupont' },
  ...over,
});
const noRetry = { schedule: null, maxAttempts: 10 };

describe('job page, live part', () => {
  it('shows a linked outcome as its own badge, and warns when the HRIS holds another name', () => {
    const out = jobLiveFragment(
      fr,
      job({ outcome: 'linked', foundName: { firstName: 'Marc', lastName: 'Dupont' } }),
      [],
      [],
      noRetry,
    ).value;
    expect(out).toContain('data-status="linked">rattaché</span>');
    // The job's status stays 'succeeded' (data-status); the badge the operator sees is not the green one.
    expect(out).not.toContain('status-succeeded');
    expect(out).toContain('le SIRH a « Marc Dupont », Flatchr a envoyé « Zoé Dupont »');
    const same = jobLiveFragment(
      en,
      job({ outcome: 'linked', foundName: { firstName: 'ZOE', lastName: 'dupont' } }),
      [],
      [],
      noRetry,
    ).value;
    expect(same).toContain('Linked to an existing employee');
    expect(same).not.toContain('names-differ');
  });

  it("lists the HRIS's field errors of the last attempt and says what to do", () => {
    const attempt = {
      attemptNo: 1,
      startedAt: at,
      httpStatus: 422,
      durationMs: 12,
      outcome: 'permanent',
      responseExcerpt: null,
      error: 'SIRH answered 422',
      fieldErrors: [{ field: 'startDate', message: 'is required by this HRIS' }],
    };
    const out = jobLiveFragment(en, job({ status: 'failed', outcome: null, hrisId: null }), [attempt], [], noRetry).value;
    expect(out).toContain('The HRIS refused 1 field:');
    expect(out).toContain('<ul class="field-errors"><li><code>startDate</code>: is required by this HRIS</li></ul>');
    expect(out).toContain('Fix the data');
  });

  it('gives the retry schedule in the display zone', () => {
    const schedule = {
      nextAttempt: 4,
      maxAttempts: 10,
      nextAt: new Date('2026-11-30T09:42:00Z'),
      givesUpBy: new Date('2026-11-30T13:00:00Z'),
    };
    const out = jobLiveFragment(en, job({ status: 'retrying', outcome: null, attemptCount: 3 }), [], [], {
      schedule,
      maxAttempts: 10,
    }).value;
    expect(out.replace(/<[^>]+>/g, '')).toContain('Attempt 3 of 10 failed; attempt 4 at 10:42, gives up at 14:00 at the latest.');
  });
});

describe('lists', () => {
  it('flags a linked job with differing names in the jobs table', () => {
    const row = {
      id: 'j1',
      status: 'succeeded',
      outcome: 'linked',
      candidateName: 'Zoé Dupont',
      foundName: { firstName: 'Marc', lastName: 'X' },
    };
    const out = jobsTable(en, [row as unknown as SyncJobRow]).value;
    expect(out).toContain('data-status="linked"');
    expect(out).toContain('names differ');
  });

  it("shows the job's status for a delivery that became one, and why an ignored drag_applicant was ignored", () => {
    const base = {
      receivedAt: at,
      isHire: false,
      companyId: null,
      candidateId: '1',
      applicantId: '2',
      duplicateOf: null,
      candidateName: null,
      error: null,
      payloadPurgedAt: null,
    };
    const items: DeliveryRow[] = [
      {
        ...base,
        id: 'd1',
        event: 'drag_applicant',
        status: 'queued',
        isHire: true,
        syncJobId: 'j1',
        syncJobStatus: 'failed',
        syncJobOutcome: null,
        columnTitle: 'Embauché',
        columnId: '9',
      },
      {
        ...base,
        id: 'd2',
        event: 'drag_applicant',
        status: 'ignored',
        syncJobId: null,
        syncJobStatus: null,
        syncJobOutcome: null,
        columnTitle: 'Pré-qualification RH',
        columnId: '695',
      },
    ];
    const ctx = { principal: { user: 'ops', role: 'operator' as const }, csrfToken: 't', locale: fr, url: '/dashboard/deliveries' };
    const page = deliveriesPage(ctx, { page: 1, pageSize: 50 } as never, { items, total: 2 }, [], ['Signé', '42']);
    const first = page.slice(page.indexOf('data-delivery-id="d1"'), page.indexOf('data-delivery-id="d2"'));
    expect(first).toMatch(/class="delivery-status"><span class="status status-failed" data-status="failed">en échec/);
    expect(first).not.toContain('data-status="queued"');
    expect(page).toContain('Déplacé vers « Pré-qualification RH », qui n&#39;est pas une colonne d&#39;embauche.');
    expect(page).toContain('et “Signé”, “42” (HIRED_COLUMN_IDS)');
    expect(page).toContain('<html lang="fr">');
  });
});
