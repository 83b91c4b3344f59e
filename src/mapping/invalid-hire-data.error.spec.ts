import { InvalidHireDataError } from './invalid-hire-data.error';

describe('InvalidHireDataError', () => {
  it('is an Error listing the missing fields', () => {
    const error = new InvalidHireDataError(['data.candidate.firstname', 'company_id']);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(InvalidHireDataError);
    expect(error.name).toBe('InvalidHireDataError');
    expect(error.fields).toEqual(['data.candidate.firstname', 'company_id']);
    expect(error.message).toBe('Flatchr hire is missing required data: data.candidate.firstname, company_id');
  });
});
