import { fixture } from '../../test/support/fixtures';
import { isHireDelivery } from './hire-detector';

describe('isHireDelivery', () => {
  it('is true for a drag into a column flagged hired', () => {
    expect(isHireDelivery(fixture('drag_applicant.hired'), [])).toBe(true);
  });

  it('is false for a drag into any other column, and for every other event', () => {
    expect(isHireDelivery(fixture('drag_applicant'), [])).toBe(false);
    for (const name of ['new_applicant', 'new_message', 'new_vacancy'] as const) {
      expect(isHireDelivery(fixture(name), [])).toBe(false);
    }
  });

  it('does not take a truthy non-boolean `hired` for a hire', () => {
    const body = fixture('drag_applicant');
    body.data.column.hired = 'true';
    expect(isHireDelivery(body, [])).toBe(false);
  });

  it('recognises columns listed in HIRED_COLUMN_IDS by id, encoded column id or title, case-insensitively', () => {
    const body = fixture('drag_applicant');
    expect(isHireDelivery(body, ['695'])).toBe(true);
    expect(isHireDelivery(body, ['nk5amxpq4b9gz2oz'])).toBe(true);
    expect(isHireDelivery(body, ['pré-qualification rh'])).toBe(true);
    expect(isHireDelivery(body, ['696', 'Recruté'])).toBe(false);
  });

  it('never counts a non-drag event even if its column is listed', () => {
    const body = fixture('new_applicant');
    expect(isHireDelivery(body, ['643', 'a4JL2lpEQKpwBXKe'])).toBe(false);
  });

  it('survives bodies without data or column', () => {
    expect(isHireDelivery({ event: 'drag_applicant' }, ['1'])).toBe(false);
    expect(isHireDelivery({ event: 'drag_applicant', data: { column: null } }, ['1'])).toBe(false);
    expect(isHireDelivery({ event: 'drag_applicant', data: [] }, [])).toBe(false);
  });
});
