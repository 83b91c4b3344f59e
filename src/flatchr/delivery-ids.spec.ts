import { applicantIdOf, candidateIdOf, candidateIdSources } from './delivery-ids';

describe('candidateIdSources', () => {
  it('lists the three places a candidate id may be, top-level first', () => {
    const data = { candidate_id: 1260, candidate: { id: '1261' }, applicant: { candidate_id: ' 1262 ' } };
    expect(candidateIdSources(data)).toEqual([
      ['data.candidate_id', '1260'],
      ['data.candidate.id', '1261'],
      ['data.applicant.candidate_id', '1262'],
    ]);
  });

  it('reads nothing from what is not an object', () => {
    expect(candidateIdSources(null).map(([, id]) => id)).toEqual([null, null, null]);
    expect(candidateIdSources({ candidate: [1], applicant: 'x' }).map(([, id]) => id)).toEqual([null, null, null]);
  });
});

describe('candidateIdOf', () => {
  it('takes the first id present', () => {
    expect(candidateIdOf({ candidate_id: 60, candidate: { id: 61 } })).toBe('60');
    expect(candidateIdOf({ candidate_id: '', candidate: { id: 61 } })).toBe('61');
    expect(candidateIdOf({ candidate: {}, applicant: { candidate_id: 62 } })).toBe('62');
    expect(candidateIdOf({ candidate: {} })).toBeNull();
  });
});

describe('applicantIdOf', () => {
  it('takes data.applicant_id, else data.applicant.id', () => {
    expect(applicantIdOf({ applicant_id: '7', applicant: { id: 8 } })).toBe('7');
    expect(applicantIdOf({ applicant: { id: 8 } })).toBe('8');
    expect(applicantIdOf({})).toBeNull();
  });
});
