import { errorMessageInBody, fieldErrorsInBody } from './vendor-error-body';

describe('fieldErrorsInBody', () => {
  it('reads a map of field to messages', () => {
    expect(fieldErrorsInBody({ errors: { first_name: ["can't be blank"], email: ['is invalid', 'has already been taken'] } })).toEqual([
      { field: 'first_name', message: "can't be blank" },
      { field: 'email', message: 'is invalid' },
      { field: 'email', message: 'has already been taken' },
    ]);
    expect(fieldErrorsInBody({ errors: { email: 'is invalid' } })).toEqual([{ field: 'email', message: 'is invalid' }]);
  });

  it('reads a list of field errors under errors or details, whatever the key names', () => {
    expect(
      fieldErrorsInBody({
        errors: [
          { field: 'personalEmail', message: 'is required' },
          { attribute: 'last_name', detail: 'is too long' },
          { source: { pointer: '/data/attributes/startDate' }, detail: 'is not a date' },
          'something else',
        ],
      }),
    ).toEqual([
      { field: 'personalEmail', message: 'is required' },
      { field: 'last_name', message: 'is too long' },
      { field: 'startDate', message: 'is not a date' },
      { field: '', message: 'something else' },
    ]);
    expect(fieldErrorsInBody({ details: [{ property: 'jobTitle', description: 'required' }] })).toEqual([
      { field: 'jobTitle', message: 'required' },
    ]);
  });

  it('gives nothing for bodies without field errors', () => {
    expect(fieldErrorsInBody(null)).toEqual([]);
    expect(fieldErrorsInBody('oops')).toEqual([]);
    expect(fieldErrorsInBody({ errors: null })).toEqual([]);
    expect(fieldErrorsInBody({ message: 'API rate limit exceeded' })).toEqual([]);
  });
});

describe('errorMessageInBody', () => {
  it('takes the first one-line reason the body has', () => {
    expect(errorMessageInBody({ message: 'API rate limit exceeded' })).toBe('API rate limit exceeded');
    expect(errorMessageInBody({ error: 'invalid_token', error_description: 'The token expired' })).toBe('The token expired');
    expect(errorMessageInBody({ errors: null })).toBeNull();
    expect(errorMessageInBody(null)).toBeNull();
  });
});
