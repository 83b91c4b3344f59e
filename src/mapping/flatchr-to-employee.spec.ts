import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONTRACT_TYPE_TABLE, parseContractTypeTable, toContractType } from './contract-types';
import type { EmployeeRecord } from '../employees/employee-record';
import type { FlatchrHireDelivery } from '../flatchr/flatchr-payload.types';
import { mapFlatchrHireToEmployee } from './flatchr-to-employee';
import { InvalidHireDataError } from './invalid-hire-data.error';
import { toE164 } from './phone';

const FIXTURES = path.join(__dirname, '../../test/fixtures/flatchr');

/** A fresh copy each time, so a test can change it freely. */
function fixture(name: string): FlatchrHireDelivery {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as FlatchrHireDelivery;
}

/** Maps an arbitrary (possibly broken) delivery, as the sync job does with stored JSON. */
function mapRaw(delivery: unknown, options?: Parameters<typeof mapFlatchrHireToEmployee>[1]): EmployeeRecord {
  return mapFlatchrHireToEmployee(delivery as FlatchrHireDelivery, options);
}

function missingFields(delivery: unknown): string[] {
  try {
    mapRaw(delivery);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidHireDataError);
    return (err as InvalidHireDataError).fields;
  }
  throw new Error('expected InvalidHireDataError');
}

/** The record the SIRH contract expects for Flatchr's hired example, shared with the end-to-end tests. */
const HUBERT: EmployeeRecord = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../test/fixtures/expected/drag_applicant.hired.employee.json'), 'utf8'),
);

describe('mapFlatchrHireToEmployee', () => {
  describe('fixtures', () => {
    it('maps drag_applicant.hired.json exactly', () => {
      expect(mapFlatchrHireToEmployee(fixture('drag_applicant.hired.json'))).toStrictEqual(HUBERT);
    });

    it('maps drag_applicant.json (same person, a non-hired column: filtering is the caller’s job)', () => {
      const delivery = fixture('drag_applicant.json');
      expect((delivery.data.column as { hired: boolean }).hired).toBe(false);
      expect(mapFlatchrHireToEmployee(delivery)).toStrictEqual(HUBERT);
    });

    it('does not change its input', () => {
      const delivery = fixture('drag_applicant.hired.json');
      const before = JSON.stringify(delivery);
      mapFlatchrHireToEmployee(delivery);
      expect(JSON.stringify(delivery)).toBe(before);
    });

    it('maps the candidate and vacancy of new_applicant.json (contract 1 = CDI, empty address)', () => {
      const record = mapFlatchrHireToEmployee(fixture('new_applicant.json'));
      expect(record).toStrictEqual<EmployeeRecord>({
        externalId: 'flatchr:59:1648',
        firstName: 'Pauline',
        lastName: 'Duboneau',
        email: 'duboneau.p@mail.com',
        phone: '+33654342384',
        jobTitle: 'Chirurgien',
        contractType: 'CDI',
        startDate: null,
        remote: false,
        location: null,
        salary: null,
        source: {
          ats: 'flatchr',
          companyId: 59,
          candidateId: 1648,
          applicantId: 1860,
          vacancyId: '0LEZBvp5WWnMoVmg',
          vacancyReference: 'chirurgien-2022',
        },
      });
    });

    it('maps the candidate and vacancy of new_message.json (empty phone -> null)', () => {
      const delivery = fixture('new_message.json');
      expect(delivery.data.candidate.phone).toBe('');
      expect(toE164(delivery.data.candidate.phone)).toBeNull();
      expect(toContractType(delivery.data.vacancy?.contract_type_id, DEFAULT_CONTRACT_TYPE_TABLE)).toBe('CDI');
      const record = mapFlatchrHireToEmployee(delivery);
      expect(record).toMatchObject({
        externalId: 'flatchr:59:1490',
        firstName: 'Hildegaard',
        lastName: 'Riva',
        email: 'hildegaard.riva@yopmail.com',
        phone: null,
        jobTitle: 'Chirurgien',
        contractType: 'CDI',
        remote: false,
        salary: null,
        source: { companyId: 59, candidateId: 1490, applicantId: 1687, vacancyId: '0LEZBvp5WWnMoVmg' },
      });
    });

    it('refuses new_vacancy.json: there is no candidate to hire', () => {
      expect(missingFields(fixture('new_vacancy.json'))).toEqual([
        'data.candidate_id',
        'data.applicant_id',
        'data.candidate.firstname',
        'data.candidate.lastname',
      ]);
    });

    it('every fixture with a candidate has a phone the helper understands (or none)', () => {
      for (const name of fs.readdirSync(FIXTURES).filter((file) => file.endsWith('.json'))) {
        const delivery = fixture(name);
        const phone = delivery.data.candidate?.phone;
        if (phone === undefined || phone === null) continue;
        expect(toE164(phone)).toBe(phone === '' ? null : phone.startsWith('+33 6 76') ? '+33676564523' : phone);
      }
    });
  });

  describe('names', () => {
    function withNames(firstname: unknown, lastname: unknown): EmployeeRecord {
      const delivery = fixture('drag_applicant.hired.json');
      Object.assign(delivery.data.candidate, { firstname, lastname });
      return mapFlatchrHireToEmployee(delivery);
    }

    it.each([
      ['Hélène', 'Zoë'],
      ['François', 'Lefèvre'],
      ['Seán', "O'Connor"],
      ['Charles', 'D’Artagnan'],
      ['Jean-Pierre', 'Dupont-Aignan'],
      ['MARIE', 'de la Fontaine'],
      ['Ægir', 'Łukasiewicz'],
    ])('keeps %s %s exactly', (first, last) => {
      const record = withNames(first, last);
      expect(record.firstName).toBe(first);
      expect(record.lastName).toBe(last);
    });

    it('trims surrounding white space only', () => {
      const record = withNames('  Jean  Pierre ', '\tO’Connor\n');
      expect(record.firstName).toBe('Jean  Pierre');
      expect(record.lastName).toBe('O’Connor');
    });

    it('normalizes to NFC (combining accents become one character)', () => {
      const decomposed = 'He\u0301le\u0300ne';
      expect(decomposed).not.toBe('Hélène');
      const record = withNames(decomposed, 'Zoe\u0308');
      expect(record.firstName).toBe('Hélène');
      expect(record.firstName.length).toBe(6);
      expect(record.lastName).toBe('Zoë');
    });
  });

  describe('contact', () => {
    it('trims the email and keeps its case', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delivery.data.candidate.email = '  Hubert.Delajaque@Mail.COM ';
      expect(mapFlatchrHireToEmployee(delivery).email).toBe('Hubert.Delajaque@Mail.COM');
    });

    it.each([[''], ['   '], [null], [undefined]])('email %j -> null', (email) => {
      const delivery = fixture('drag_applicant.hired.json');
      (delivery.data.candidate as { email?: unknown }).email = email;
      expect(mapFlatchrHireToEmployee(delivery).email).toBeNull();
    });

    it.each([
      ['06 76 56 45 23', '+33676564523'],
      ['0033676564523', '+33676564523'],
      ['+33 (0)6 20 51 96 08', '+33620519608'],
      ['+32 470 12 34 56', '+32470123456'],
      ['not a phone', null],
      ['', null],
      [null, null],
    ])('phone %j -> %j', (phone, expected) => {
      const delivery = fixture('drag_applicant.hired.json');
      delivery.data.candidate.phone = phone;
      expect(mapFlatchrHireToEmployee(delivery).phone).toBe(expected);
    });

    it('reads national numbers in the configured country', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delivery.data.candidate.phone = '0470 12 34 56';
      expect(mapFlatchrHireToEmployee(delivery, { defaultPhoneCountry: 'BE' }).phone).toBe('+32470123456');
    });
  });

  describe('vacancy', () => {
    function withVacancy(changes: Record<string, unknown>, options?: Parameters<typeof mapFlatchrHireToEmployee>[1]) {
      const delivery = fixture('drag_applicant.hired.json');
      Object.assign(delivery.data.vacancy!, changes);
      return mapFlatchrHireToEmployee(delivery, options);
    }

    it('strips HTML from the job title and reference', () => {
      const record = withVacancy({ title: '<p>Commercial&nbsp;B2B <b>(H/F)</b></p> ', reference: ' <i>REF&#45;42</i> ' });
      expect(record.jobTitle).toBe('Commercial B2B (H/F)');
      expect(record.source.vacancyReference).toBe('REF-42');
    });

    it('gives null job title and reference when empty', () => {
      const record = withVacancy({ title: '<p></p>', reference: null });
      expect(record.jobTitle).toBeNull();
      expect(record.source.vacancyReference).toBeNull();
    });

    it('maps contract types through the table: known, unknown, missing', () => {
      expect(withVacancy({ contract_type_id: 1 }).contractType).toBe('CDI');
      expect(withVacancy({ contract_type_id: '1' }).contractType).toBe('CDI');
      expect(withVacancy({ contract_type_id: 5 }).contractType).toBe('OTHER');
      expect(withVacancy({ contract_type_id: null }).contractType).toBeNull();
      expect(withVacancy({ contract_type_id: undefined }).contractType).toBeNull();
    });

    it('uses the operator table when given', () => {
      const contractTypes = { ...DEFAULT_CONTRACT_TYPE_TABLE, ...parseContractTypeTable('5=CDD') };
      expect(withVacancy({}, { contractTypes }).contractType).toBe('CDD');
    });

    it('reads the start date', () => {
      expect(withVacancy({ start_date: '2022-02-01' }).startDate).toBe('2022-02-01');
      expect(withVacancy({ start_date: '2022-02-01T00:00:00.000Z' }).startDate).toBe('2022-02-01');
      expect(withVacancy({ start_date: 'soon' }).startDate).toBeNull();
    });

    it.each([
      [true, true],
      [false, false],
      ['fulltime', true],
      ['parttime', true],
      ['notime', false],
      ['whatever', null],
      [null, null],
    ])('remote %j -> %j', (remote, expected) => {
      expect(withVacancy({ remote }).remote).toBe(expected);
    });

    it('maps the address', () => {
      const record = withVacancy({
        address: { locality: 'Paris', postal_code: 75002, country: 'France', route: 'Rue de la Paix' },
      });
      expect(record.location).toEqual({ city: 'Paris', postalCode: '75002', country: 'FR' });
    });

    it('gives null location for an empty or missing address', () => {
      expect(withVacancy({ address: {} }).location).toBeNull();
      expect(withVacancy({ address: null }).location).toBeNull();
    });

    it('maps a real salary and ignores "0"', () => {
      expect(withVacancy({ salary: '42000', mensuality: 'y', currency: 'EUR' }).salary).toEqual({
        amount: 42000,
        currency: 'EUR',
        period: 'YEAR',
      });
      expect(withVacancy({ salary: '0', mensuality: 'y', currency: 'EUR' }).salary).toBeNull();
      expect(withVacancy({ salary: '42000', mensuality: 'y', currency: null }).salary).toBeNull();
    });

    it('maps the full example of the SIRH contract', () => {
      const record = withVacancy({
        title: 'Account Executive',
        contract_type_id: 1,
        start_date: '2022-02-01',
        address: { locality: 'Paris', postal_code: 75002, country: 'FR' },
        salary: '42000',
        mensuality: 'y',
        currency: 'EUR',
      });
      expect(record).toStrictEqual<EmployeeRecord>({
        ...HUBERT,
        contractType: 'CDI',
        startDate: '2022-02-01',
        location: { city: 'Paris', postalCode: '75002', country: 'FR' },
        salary: { amount: 42000, currency: 'EUR', period: 'YEAR' },
      });
    });

    it('maps a hire whose vacancy is missing, with nulls', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delete delivery.data.vacancy;
      const record = mapFlatchrHireToEmployee(delivery);
      expect(record).toMatchObject({
        jobTitle: null,
        contractType: null,
        startDate: null,
        remote: null,
        location: null,
        salary: null,
      });
      expect(record.source.vacancyId).toBe('a4JL2lpEbydwBXKe');
      expect(record.source.vacancyReference).toBeNull();
    });
  });

  describe('ids', () => {
    it('gives the same externalId and source whether ids are ints or strings', () => {
      const asStrings = fixture('drag_applicant.hired.json');
      asStrings.company_id = '60';
      asStrings.data.candidate_id = ' 1260 ';
      asStrings.data.applicant_id = '1474';
      const record = mapFlatchrHireToEmployee(asStrings);
      expect(record.externalId).toBe('flatchr:60:1260');
      expect(record.source).toStrictEqual(HUBERT.source);
    });

    it('falls back to data.candidate.id, then data.applicant.candidate_id', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delete delivery.data.candidate_id;
      delivery.data.candidate.id = 'c-77';
      expect(mapFlatchrHireToEmployee(delivery).externalId).toBe('flatchr:60:c-77');
      delete delivery.data.candidate.id;
      delivery.data.applicant!.candidate_id = 1261;
      const record = mapFlatchrHireToEmployee(delivery);
      expect(record.externalId).toBe('flatchr:60:1261');
      expect(record.source.candidateId).toBe(1261);
    });

    it('falls back to data.applicant.id, which may be an encoded string', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delete delivery.data.applicant_id;
      delivery.data.applicant!.id = 'G6KzqPkNZ0n31m0l';
      expect(mapFlatchrHireToEmployee(delivery).source.applicantId).toBe('G6KzqPkNZ0n31m0l');
    });

    it('takes the vacancy id from data, then the applicant, then the vacancy, else null', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delete delivery.data.vacancy_id;
      delivery.data.applicant!.vacancy_id = 'fromApplicant';
      expect(mapFlatchrHireToEmployee(delivery).source.vacancyId).toBe('fromApplicant');
      delete delivery.data.applicant!.vacancy_id;
      expect(mapFlatchrHireToEmployee(delivery).source.vacancyId).toBe(1243);
      delete delivery.data.vacancy!.id;
      expect(mapFlatchrHireToEmployee(delivery).source.vacancyId).toBeNull();
    });
  });

  describe('missing data', () => {
    it.each([
      [
        'firstname',
        (d: FlatchrHireDelivery) => delete (d.data.candidate as Partial<typeof d.data.candidate>).firstname,
        ['data.candidate.firstname'],
      ],
      ['blank lastname', (d: FlatchrHireDelivery) => (d.data.candidate.lastname = '   '), ['data.candidate.lastname']],
      [
        'non-string firstname',
        (d: FlatchrHireDelivery) => ((d.data.candidate as { firstname: unknown }).firstname = 42),
        ['data.candidate.firstname'],
      ],
      ['company_id', (d: FlatchrHireDelivery) => delete (d as Partial<FlatchrHireDelivery>).company_id, ['company_id']],
      ['empty company_id', (d: FlatchrHireDelivery) => (d.company_id = ''), ['company_id']],
      [
        'every candidate id',
        (d: FlatchrHireDelivery) => {
          delete d.data.candidate_id;
          delete d.data.candidate.id;
          delete d.data.applicant!.candidate_id;
        },
        ['data.candidate_id'],
      ],
      [
        'every applicant id',
        (d: FlatchrHireDelivery) => {
          d.data.applicant_id = null;
          delete d.data.applicant!.id;
        },
        ['data.applicant_id'],
      ],
    ])('%s -> InvalidHireDataError', (_name, breakIt, fields) => {
      const delivery = fixture('drag_applicant.hired.json');
      breakIt(delivery);
      expect(missingFields(delivery)).toEqual(fields);
    });

    it('lists every missing field at once', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delete (delivery as Partial<FlatchrHireDelivery>).company_id;
      delivery.data.candidate.firstname = '';
      delivery.data.candidate.lastname = '';
      expect(missingFields(delivery)).toEqual(['company_id', 'data.candidate.firstname', 'data.candidate.lastname']);
    });

    it('names the fields in the error message', () => {
      const delivery = fixture('drag_applicant.hired.json');
      delivery.data.candidate.firstname = '';
      expect(() => mapFlatchrHireToEmployee(delivery)).toThrow(InvalidHireDataError);
      expect(() => mapFlatchrHireToEmployee(delivery)).toThrow(/data\.candidate\.firstname/);
    });

    it.each([
      ['no data', { company_id: 60 }],
      ['data not an object', { company_id: 60, data: 'x' }],
      ['nothing', {}],
      ['null', null],
    ])('%s -> InvalidHireDataError, not a TypeError', (_name, delivery) => {
      expect(() => mapRaw(delivery)).toThrow(InvalidHireDataError);
    });

    it('reports everything for an empty delivery', () => {
      expect(missingFields({})).toEqual([
        'company_id',
        'data.candidate_id',
        'data.applicant_id',
        'data.candidate.firstname',
        'data.candidate.lastname',
      ]);
    });
  });
});
