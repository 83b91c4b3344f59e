import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createdEmployeeId,
  errorMessage,
  fieldErrorsOfMessage,
  foundEmployee,
  listShowsEmails,
  metaNotices,
  totalEmployees,
} from './personio.answers';

const facts = JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/personio/personio-v1-facts.json'), 'utf8'));
const listOf = (...items: unknown[]) => ({ success: true, metadata: { total_elements: items.length }, data: items });

describe('Personio answers', () => {
  it('finds the employee in the documented list shape, with the name Personio holds', () => {
    const body = listOf(facts.employees.listSuccess.item);
    expect(foundEmployee(body, 'Alexander.Bergmann@demo.email')).toEqual({ id: '1', firstName: 'Alexander', lastName: 'Bergmann' });
    expect(totalEmployees(body)).toBe(1);
    expect(listShowsEmails(body)).toBe(true);
  });

  it('ignores an employee with another email (a filter Personio dropped) and answers null for an empty list', () => {
    expect(foundEmployee(listOf(facts.employees.listSuccess.item), 'someone.else@demo.email')).toBeNull();
    expect(foundEmployee(listOf(), 'a@b.c')).toBeNull();
    expect(foundEmployee({ success: false }, 'a@b.c')).toBeNull();
  });

  it('trusts the filter when the credentials cannot read the email attribute', () => {
    const item = { type: 'Employee', attributes: { id: { value: 7 }, first_name: { value: 'Ana' } } };
    expect(foundEmployee(listOf(item), 'ana@x.io')).toEqual({ id: '7', firstName: 'Ana', lastName: null });
    expect(listShowsEmails(listOf(item))).toBe(false);
  });

  it('reads the created id and the error message of the documented answers', () => {
    expect(createdEmployeeId(facts.employees.createSuccess.body)).toBe('81723');
    expect(createdEmployeeId(facts.employees.createInvalid.body)).toBeNull();
    expect(errorMessage(facts.employees.createInvalid.body)).toBe('Supervisor with ID 1 not found');
    expect(errorMessage(facts.unauthorized.body)).toBe('Authorization is not provided');
  });

  it('reads meta errors as strings (the update answer) or as {field, description} objects (the error details)', () => {
    expect(metaNotices({ success: true, meta: ['Department "Ops" does not exist and was ignored'] })).toEqual([
      'Department "Ops" does not exist and was ignored',
    ]);
    expect(metaNotices({ success: true, meta: [{ field: 'office', description: '"Lyon" not found, ignored' }] })).toEqual([
      'office: "Lyon" not found, ignored',
    ]);
    expect(metaNotices({ success: true, meta: [{ field: 'office', description: 'Office "Lyon" not found' }] })).toEqual([
      'Office "Lyon" not found',
    ]);
    expect(metaNotices({ success: true, meta: { errors: [{ message: 'unknown subcompany' }] } })).toEqual(['unknown subcompany']);
    expect(metaNotices({ success: true, meta: [] })).toEqual([]);
    expect(metaNotices(facts.employees.createSuccess.body)).toEqual([]);
  });

  it('turns the fields a 422 message names into field errors, and none when it names none', () => {
    expect(fieldErrorsOfMessage('Supervisor with ID 1 not found')).toEqual([
      { field: 'supervisor_id', message: 'Supervisor with ID 1 not found' },
    ]);
    expect(fieldErrorsOfMessage('The email has already been taken.')).toEqual([
      { field: 'email', message: 'The email has already been taken.' },
    ]);
    expect(fieldErrorsOfMessage('The hire date does not match the format Y-m-d.').map((e) => e.field)).toEqual(['hire_date']);
    expect(fieldErrorsOfMessage('Something went wrong')).toEqual([]);
    expect(fieldErrorsOfMessage(null)).toEqual([]);
  });
});
