import { DEFAULT_CONTRACT_TYPE_TABLE, parseContractTypeTable, toContractType } from './contract-types';

describe('DEFAULT_CONTRACT_TYPE_TABLE', () => {
  it('holds only the publicly confirmed id', () => {
    expect(DEFAULT_CONTRACT_TYPE_TABLE).toEqual({ '1': 'CDI' });
    expect(Object.isFrozen(DEFAULT_CONTRACT_TYPE_TABLE)).toBe(true);
  });
});

describe('toContractType', () => {
  it('maps a known id, as int or string', () => {
    expect(toContractType(1, DEFAULT_CONTRACT_TYPE_TABLE)).toBe('CDI');
    expect(toContractType('1', DEFAULT_CONTRACT_TYPE_TABLE)).toBe('CDI');
    expect(toContractType(' 1 ')).toBe('CDI');
  });

  it('sends an unknown id as OTHER', () => {
    expect(toContractType(5, DEFAULT_CONTRACT_TYPE_TABLE)).toBe('OTHER');
    expect(toContractType('abc')).toBe('OTHER');
  });

  it('does not find Object.prototype members', () => {
    expect(toContractType('constructor')).toBe('OTHER');
    expect(toContractType('__proto__')).toBe('OTHER');
    expect(toContractType('toString')).toBe('OTHER');
  });

  it('gives null when the vacancy has no contract type', () => {
    expect(toContractType(null)).toBeNull();
    expect(toContractType(undefined)).toBeNull();
    expect(toContractType('')).toBeNull();
  });

  it('uses an operator table merged over the default', () => {
    const table = { ...DEFAULT_CONTRACT_TYPE_TABLE, ...parseContractTypeTable('5=CDD,7=INTERNSHIP') };
    expect(toContractType(1, table)).toBe('CDI');
    expect(toContractType(5, table)).toBe('CDD');
    expect(toContractType('7', table)).toBe('INTERNSHIP');
    expect(toContractType(8, table)).toBe('OTHER');
  });
});

describe('parseContractTypeTable', () => {
  it('parses id=TYPE pairs', () => {
    expect(parseContractTypeTable('5=CDD,7=INTERNSHIP')).toEqual({ '5': 'CDD', '7': 'INTERNSHIP' });
  });

  it('tolerates spaces, lower-case types and a trailing comma', () => {
    expect(parseContractTypeTable(' 5 = cdd , 7=Apprenticeship, ')).toEqual({ '5': 'CDD', '7': 'APPRENTICESHIP' });
  });

  it('can override the default id', () => {
    expect(parseContractTypeTable('1=CDD')).toEqual({ '1': 'CDD' });
  });

  it('gives an empty table for an empty spec', () => {
    expect(parseContractTypeTable('')).toEqual({});
    expect(parseContractTypeTable('  ')).toEqual({});
  });

  it.each([
    ['5', '"5"'],
    ['5=', '"5="'],
    ['=CDD', '"=CDD"'],
    ['5=CDD=CDI', '"5=CDD=CDI"'],
    ['5:CDD', '"5:CDD"'],
    ['5 6=CDD', '"5 6=CDD"'],
  ])('rejects the malformed entry %j, naming it', (spec, named) => {
    expect(() => parseContractTypeTable(`1=CDI,${spec}`)).toThrow(named);
    expect(() => parseContractTypeTable(`1=CDI,${spec}`)).toThrow(/expected <contract_type_id>=<TYPE>/);
  });

  it('rejects a type that is not a ContractType, naming the entry and the allowed types', () => {
    expect(() => parseContractTypeTable('5=CDD,7=STAGE')).toThrow('"7=STAGE": "STAGE" is not one of CDI, CDD, INTERNSHIP');
  });

  it('rejects an empty entry in the middle', () => {
    expect(() => parseContractTypeTable('5=CDD,,7=CDI')).toThrow(/empty entry/);
  });

  it('rejects an id given twice', () => {
    expect(() => parseContractTypeTable('5=CDD, 5=CDI')).toThrow('"5=CDI": contract_type_id 5 is given twice');
  });
});
