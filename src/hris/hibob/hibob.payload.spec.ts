import { expectedEmployee } from '../../../test/support/fixtures';
import type { EmployeeRecord } from '../../employees/employee-record';
import { HrisAnswer } from '../hris-http';
import { hiBobFailure, isDuplicateEmail, retryAfterOf } from './hibob.failure';
import { MAX_SURNAME_LENGTH, toHiBobPayload } from './hibob.payload';

const record = { ...(expectedEmployee('drag_applicant.hired') as unknown as EmployeeRecord), startDate: '2027-01-04' };
const settings = { site: 'Paris', department: null, defaultTitle: null };

describe('toHiBobPayload', () => {
  it('maps the record to root, work and home fields', () => {
    expect(toHiBobPayload(record, settings)).toEqual({
      problems: [],
      payload: {
        firstName: 'Hubert',
        surname: 'Delajaque',
        email: 'delajaque@mail.com',
        work: { site: 'Paris', startDate: '2027-01-04', title: 'Account Executive' },
        home: { mobilePhone: '+33676564523' },
      },
    });
  });

  it('takes the default title and the department from the connection, and leaves the phone out when unknown', () => {
    const { payload } = toHiBobPayload(
      { ...record, jobTitle: null, phone: null },
      { site: 'London', department: 'Sales', defaultTitle: 'Consultant' },
    );
    expect(payload).toEqual({
      firstName: 'Hubert',
      surname: 'Delajaque',
      email: 'delajaque@mail.com',
      work: { site: 'London', startDate: '2027-01-04', title: 'Consultant', department: 'Sales' },
    });
  });

  it('refuses a surname over 50 characters, a missing email and a missing start date, field by field', () => {
    expect(toHiBobPayload({ ...record, lastName: 'x'.repeat(MAX_SURNAME_LENGTH) }, settings).problems).toEqual([]);
    expect(toHiBobPayload({ ...record, lastName: 'x'.repeat(51), email: null, startDate: null }, settings)).toEqual({
      payload: null,
      problems: [
        { field: 'email', message: expect.any(String) },
        { field: 'work.startDate', message: expect.any(String) },
        { field: 'surname', message: 'HiBob accepts at most 50 characters; this surname has 51' },
      ],
    });
  });
});

describe('HiBob answers', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}): HrisAnswer => ({
    status,
    headers: new Headers(headers),
    text: JSON.stringify(body),
    body,
  });

  it('recognises the duplicate-email 400', () => {
    expect(isDuplicateEmail(answer(400, { key: 'email', error: 'Employee with email a@b.c already exists' }))).toBe(true);
    expect(isDuplicateEmail(answer(400, { key: 'surname', error: 'surname is required' }))).toBe(false);
  });

  it('keeps the refused field of a 400 and falls back to X-RateLimit-Reset on a 429', () => {
    expect(hiBobFailure('x', answer(400, { key: 'work.site', error: 'unknown site' })).fieldErrors).toEqual([
      { field: 'work.site', message: 'unknown site' },
    ]);
    const reset = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000);
    expect(retryAfterOf(answer(429, {}, { 'X-RateLimit-Reset': String(reset) }))).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
    expect(retryAfterOf(answer(429, {}, { 'Retry-After': '4', 'X-RateLimit-Reset': String(reset) }))).toBe('4');
  });
});
