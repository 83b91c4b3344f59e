import { writeBackNote } from './write-back-note';

describe('writeBackNote', () => {
  it('says where the hire went, its HRIS id and the day', () => {
    const at = new Date('2026-12-01T08:30:00Z');
    expect(writeBackNote({ hrisLabel: 'Lucca', hrisId: 123, outcome: 'created', at })).toBe(
      'HireBridge: Created in Lucca, id 123, on 2026-12-01',
    );
    expect(writeBackNote({ hrisLabel: 'Personio', hrisId: null, outcome: 'linked', at })).toBe(
      'HireBridge: Found in Personio, on 2026-12-01',
    );
  });
});
