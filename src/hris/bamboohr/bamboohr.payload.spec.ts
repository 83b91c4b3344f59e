import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { fieldErrorsOf, reading429 } from './bamboohr.failure';
import { employeeIdFromLocation, sameEmail, toBambooHrPayload } from './bamboohr.payload';
import { bambooHrPath } from './bamboohr.client';

const record = expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord;
const noLists = { department: null, division: null, location: null };

describe('toBambooHrPayload', () => {
  it('maps the record to flat BambooHR fields, leaving unknown values out', () => {
    expect(toBambooHrPayload(record, noLists)).toEqual({
      firstName: 'Hubert',
      lastName: 'Delajaque',
      workEmail: 'delajaque@mail.com',
      mobilePhone: '+33676564523',
      jobTitle: 'Account Executive',
    });
  });

  it('adds the hire date and the connection list values when known', () => {
    expect(
      toBambooHrPayload(
        { ...record, startDate: '2027-01-04', phone: null, jobTitle: null },
        { department: 'Sales', division: 'Europe', location: 'Paris' },
      ),
    ).toEqual({
      firstName: 'Hubert',
      lastName: 'Delajaque',
      workEmail: 'delajaque@mail.com',
      hireDate: '2027-01-04',
      department: 'Sales',
      division: 'Europe',
      location: 'Paris',
    });
  });
});

describe('employeeIdFromLocation', () => {
  it.each([
    ['https://acme.bamboohr.com/api/v1/employees/123', '123'],
    ['https://api.bamboohr.com/api/gateway.php/acme/v1/employees/44/', '44'],
    ['https://acme.bamboohr.com/employees/employee.php?id=9', '9'],
    ['https://acme.bamboohr.com/employees/', null],
    [null, null],
  ])('reads %s as %s', (location, id) => {
    expect(employeeIdFromLocation(location)).toBe(id);
  });
});

describe('BambooHR readings', () => {
  it('matches emails ignoring case and spaces', () => {
    expect(sameEmail(' A@B.com ', 'a@b.COM')).toBe(true);
    expect(sameEmail(null, 'a@b.com')).toBe(false);
  });

  it('reads a 429 with Retry-After as throttling and one without as the employee limit', () => {
    const answer = (headers: Record<string, string>) => ({ status: 429, headers: new Headers(headers), text: '', body: null });
    expect(reading429(answer({ 'Retry-After': '3' }))).toBe('rateLimited');
    expect(reading429(answer({}))).toBe('employeeLimit');
  });

  it('names the sent fields a header message mentions, else the whole employee', () => {
    expect(fieldErrorsOf('Invalid value for field department: X', ['firstName', 'department'])).toEqual([
      { field: 'department', message: 'Invalid value for field department: X' },
    ]);
    expect(fieldErrorsOf('Something failed', ['firstName'])).toEqual([{ field: 'employee', message: 'Something failed' }]);
    expect(fieldErrorsOf(null, ['firstName'])).toBeUndefined();
  });

  it('builds both documented path forms from one place', () => {
    expect(bambooHrPath('employees/directory', 'acme')).toBe('/api/v1/employees/directory');
    expect(bambooHrPath('employees', 'acme', 'gateway')).toBe('/api/gateway.php/acme/v1/employees');
  });
});
