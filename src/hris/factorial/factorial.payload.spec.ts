import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { toFactorialEmployeePayload } from './factorial.payload';

describe('toFactorialEmployeePayload', () => {
  const hired = { ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord), startDate: '2027-01-04' };
  const placement = { companyId: '7', legalEntityId: null, locationId: null, teamId: null };

  it('maps the record with the company, the start date and the phone', () => {
    expect(toFactorialEmployeePayload(hired, placement)).toEqual({
      company_id: '7',
      first_name: 'Hubert',
      last_name: 'Delajaque',
      email: 'delajaque@mail.com',
      contract_starts_on: '2027-01-04',
      phone_number: '+33676564523',
    });
  });

  it('places the employee in the legal entity, location and team the connection names', () => {
    expect(toFactorialEmployeePayload(hired, { companyId: '7', legalEntityId: '11', locationId: '12', teamId: '13' })).toMatchObject({
      legal_entity_id: '11',
      location_id: '12',
      team_id: '13',
    });
  });

  it('leaves out what the record does not know, never inventing it', () => {
    const payload = toFactorialEmployeePayload({ ...hired, startDate: null, phone: null }, placement);
    expect(Object.keys(payload).sort()).toEqual(['company_id', 'email', 'first_name', 'last_name']);
  });

  it('names the missing email, which Factorial requires', () => {
    expect(toFactorialEmployeePayload({ ...hired, email: ' ' }, placement)).toEqual({
      missing: [{ field: 'email', message: expect.stringMatching(/requires an email/) }],
    });
  });
});
