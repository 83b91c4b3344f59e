import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { toPayfitPayloads } from './payfit.payload';

describe('toPayfitPayloads', () => {
  const hired = { ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord), startDate: '2027-01-04' };

  it('maps the record to the collaborator and the contract bodies, the candidate email as personalEmail', () => {
    expect(toPayfitPayloads(hired)).toEqual({
      collaborator: { firstName: 'Hubert', lastName: 'Delajaque', personalEmail: 'delajaque@mail.com' },
      contract: { jobTitle: 'Account Executive', startDate: '2027-01-04' },
    });
  });

  it('sends nothing PayFit did not ask for (phone, salary, contract type stay for HR)', () => {
    const payloads = toPayfitPayloads({ ...hired, salary: { amount: 50000, currency: 'EUR', period: 'YEAR' }, contractType: 'CDI' });
    expect(Object.keys((payloads as { collaborator: object }).collaborator).sort()).toEqual(['firstName', 'lastName', 'personalEmail']);
    expect(Object.keys((payloads as { contract: object }).contract).sort()).toEqual(['jobTitle', 'startDate']);
  });

  it('lists every required field the record lacks', () => {
    expect(toPayfitPayloads({ ...hired, email: null, jobTitle: '  ', startDate: null })).toEqual({
      missing: [
        { field: 'email', message: expect.stringMatching(/personal email/) },
        { field: 'jobTitle', message: expect.stringMatching(/job title/) },
        { field: 'startDate', message: expect.stringMatching(/start date/) },
      ],
    });
    expect(toPayfitPayloads({ ...hired, startDate: null })).toEqual({ missing: [{ field: 'startDate', message: expect.any(String) }] });
  });
});
