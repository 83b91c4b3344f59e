import { validateEmployee } from './employee-validation';

const valid = {
  externalId: 'flatchr:60:1260',
  firstName: 'Hubert',
  lastName: 'Delajaque',
  email: 'delajaque@mail.com',
  phone: '+33676564523',
  contractType: 'CDI',
  startDate: '2022-02-01',
};

describe('validateEmployee', () => {
  it('accepts the contract example and nulls for unknown values', () => {
    expect(validateEmployee(valid)).toEqual([]);
    expect(validateEmployee({ ...valid, email: null, phone: null, contractType: null, startDate: null })).toEqual([]);
  });

  it('refuses a body that is not an object', () => {
    expect(validateEmployee([valid])).toEqual([{ field: '(body)', message: 'must be a JSON object' }]);
    expect(validateEmployee(null)).toHaveLength(1);
  });

  it.each([
    ['externalId', ''],
    ['externalId', 60],
    ['firstName', '  '],
    ['lastName', null],
    ['email', ''],
    ['email', undefined],
    ['phone', '0676564523'],
    ['phone', '+0676564523'],
    ['phone', '+3312'],
    ['phone', undefined],
    ['contractType', 'PERMANENT'],
    ['contractType', 'cdi'],
    ['startDate', '2022-2-1'],
    ['startDate', '2022-02-30'],
    ['startDate', '2022-02-01T00:00:00Z'],
  ])('refuses %s = %j', (field, value) => {
    expect(validateEmployee({ ...valid, [field]: value })).toEqual([{ field, message: expect.any(String) }]);
  });
});
