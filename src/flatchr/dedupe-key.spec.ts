import { fixture } from '../../test/support/fixtures';
import { canonicalJson, computeDedupeKey } from './dedupe-key';

describe('computeDedupeKey', () => {
  it('identifies a move by event, company, applicant, column and the applicant updated_at', () => {
    expect(computeDedupeKey(fixture('drag_applicant.hired'))).toBe('drag_applicant|60|1474|696|2022-01-13T15:26:53.148Z');
  });

  it('is the same for a redelivery, whatever the key order and id spelling', () => {
    const a = fixture('drag_applicant.hired');
    const b = Object.fromEntries(Object.entries(fixture('drag_applicant.hired')).reverse());
    b.company_id = '60';
    b.data.applicant_id = '1474';
    expect(computeDedupeKey(b)).toBe(computeDedupeKey(a));
  });

  it('differs when the candidate really moved again (new updated_at) or to another column', () => {
    const base = computeDedupeKey(fixture('drag_applicant.hired'));
    const later = fixture('drag_applicant.hired');
    later.data.applicant.updated_at = '2022-01-20T09:00:00.000Z';
    const elsewhere = fixture('drag_applicant');
    elsewhere.data.applicant.updated_at = '2022-01-13T15:26:53.148Z';
    expect(computeDedupeKey(later)).not.toBe(base);
    expect(computeDedupeKey(elsewhere)).not.toBe(base);
  });

  it('hashes the whole body for events without an applicant, so different messages differ', () => {
    const vacancy = computeDedupeKey(fixture('new_vacancy'));
    expect(vacancy).toMatch(/^new_vacancy\|59\|sha256:[0-9a-f]{64}$/);
    const m1 = fixture('new_message');
    const m2 = fixture('new_message');
    m2.data.text = '<p>Autre</p>';
    expect(computeDedupeKey(m1)).not.toBe(computeDedupeKey(m2));
    expect(computeDedupeKey(m1)).toBe(computeDedupeKey(fixture('new_message')));
  });

  it('distinguishes companies', () => {
    const other = fixture('drag_applicant.hired');
    other.company_id = 61;
    expect(computeDedupeKey(other)).not.toBe(computeDedupeKey(fixture('drag_applicant.hired')));
  });

  it('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});
