import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { personioPayloadProblems, toPersonioPayload } from './personio.payload';

const noSettings = { department: null, office: null, subcompany: null, position: null };
const hire = (overrides: Partial<EmployeeRecord> = {}): EmployeeRecord =>
  ({ ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord), ...overrides }) as EmployeeRecord;

describe('toPersonioPayload', () => {
  it("maps the record to Personio's attribute names, leaving unknown values out", () => {
    expect(toPersonioPayload(hire(), noSettings)).toEqual({
      employee: { email: 'delajaque@mail.com', first_name: 'Hubert', last_name: 'Delajaque', position: 'Account Executive' },
    });
  });

  it('sends the start date as hire_date and the settings as department, office and subcompany names', () => {
    const payload = toPersonioPayload(hire({ startDate: '2027-01-04' }), {
      department: 'Sales',
      office: 'Paris',
      subcompany: 'ACME SAS',
      position: 'New hire',
    });
    expect(payload.employee).toEqual({
      email: 'delajaque@mail.com',
      first_name: 'Hubert',
      last_name: 'Delajaque',
      position: 'Account Executive',
      department: 'Sales',
      office: 'Paris',
      subcompany: 'ACME SAS',
      hire_date: '2027-01-04',
    });
  });

  it('uses the position setting only when the hire has no job title, and trims what it sends', () => {
    const payload = toPersonioPayload(hire({ jobTitle: '  ', email: ' Hubert@Example.com ', firstName: ' Hubert ' }), {
      ...noSettings,
      position: 'New hire',
    });
    expect(payload.employee).toMatchObject({ position: 'New hire', email: 'Hubert@Example.com', first_name: 'Hubert' });
  });

  it('never sends the phone, salary, contract type or location (Personio keeps them in tenant attributes)', () => {
    const sent = JSON.stringify(toPersonioPayload(hire({ salary: { amount: 50000, currency: 'EUR', period: 'YEAR' } }), noSettings));
    expect(sent).not.toMatch(/676564523|50000|OTHER|remote/);
  });
});

describe('personioPayloadProblems', () => {
  it('accepts a complete hire', () => {
    expect(personioPayloadProblems(hire({ startDate: '2027-01-04' }))).toEqual([]);
    expect(personioPayloadProblems(hire({ startDate: null }))).toEqual([]);
  });

  it("names Personio's required fields that are missing and a malformed start date", () => {
    expect(personioPayloadProblems(hire({ email: null, lastName: ' ', startDate: '04/01/2027' })).map((p) => p.field)).toEqual([
      'email',
      'last_name',
      'hire_date',
    ]);
  });
});
