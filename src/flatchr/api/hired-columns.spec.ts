import { fixture } from '../../../test/support/fixtures';
import { isHireDelivery } from '../hire-detector';
import { explainNotHired, hiredColumnKeys, hiredColumnsOf, isHiredColumn, readColumns } from './hired-columns';

const columns = [
  { id: 696, title: 'Recruté', company_id: 'G6KzqPnNLyp31m0l', position: 6, visible: true, hired: true },
  { id: 694, title: 'Nouveaux', position: 1, visible: true, hired: false },
  { id: 695, title: 'Pré-qualification RH', position: 2, visible: true, hired: 'true' as unknown as boolean },
  { id: 700, title: 'Embauché (CDD)', position: 7, visible: true, hired: true },
];

describe('hired columns from GET /columns', () => {
  it('keeps board order and only a real `true` flag', () => {
    expect(readColumns(columns).map((c) => [c.id, c.hired])).toEqual([
      ['694', false],
      ['695', false],
      ['696', true],
      ['700', true],
    ]);
    expect(hiredColumnsOf(columns).map((c) => c.title)).toEqual(['Recruté', 'Embauché (CDD)']);
  });

  it('gives ids and titles that isHireDelivery recognises on a drag whose column lacks the flag', () => {
    const keys = hiredColumnKeys(columns);
    expect(keys).toEqual(['696', 'Recruté', '700', 'Embauché (CDD)']);
    const drag = fixture('drag_applicant.hired');
    drag.data.column.hired = undefined;
    expect(isHireDelivery(drag, [])).toBe(false);
    expect(isHireDelivery(drag, keys)).toBe(true);
    expect(isHireDelivery(fixture('drag_applicant'), keys)).toBe(false);
  });

  it('matches a column by id or by title, case-insensitively', () => {
    const hired = hiredColumnsOf(columns);
    expect(isHiredColumn({ id: 696 }, hired)).toBe(true);
    expect(isHiredColumn({ title: 'recruté' }, hired)).toBe(true);
    expect(isHiredColumn({ id: 695, title: 'Pré-qualification RH' }, hired)).toBe(false);
  });

  it('says why a drag was not a hire and which columns count', () => {
    expect(explainNotHired({ id: 695, title: 'Pré-qualification RH' }, hiredColumnsOf(columns))).toBe(
      'column "Pré-qualification RH" is not a hired column; hired columns: "Recruté" (696), "Embauché (CDD)" (700)',
    );
    expect(explainNotHired({ id: 12 }, [])).toBe('column #12 is not a hired column; hired columns: none is flagged hired in Flatchr');
  });
});
