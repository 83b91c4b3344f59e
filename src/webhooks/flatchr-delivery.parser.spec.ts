import { AppConfigService } from '../config/app-config.service';
import type { CompanySettings } from '../connections/company-settings';
import type { AppEnv } from '../config/env.schema';
import { FlatchrDeliveryParser } from './flatchr-delivery.parser';

/** The read model the dashboard gets: what the parser takes from the body at ingestion. */
describe('FlatchrDeliveryParser read model', () => {
  // No connection names hired columns of its own here.
  const noCompanyColumns = { hiredColumns: () => [] } as unknown as CompanySettings;
  const parser = new FlatchrDeliveryParser(new AppConfigService({ HIRED_COLUMN_IDS: '' } as AppEnv), noCompanyColumns);
  const readModelOf = (data: Record<string, unknown>) => {
    const parsed = parser.parse({ event: 'new_message', company_id: 60, data });
    if (parsed.kind === 'malformed') throw new Error(JSON.stringify(parsed.problems));
    return parsed.summary.readModel;
  };

  it('takes the candidate, vacancy and company as trimmed text', () => {
    expect(
      readModelOf({
        candidate: { firstname: ' Anne ', lastname: 'Dupont', email: 'anne@example.com' },
        vacancy: { title: 'Account Executive ' },
        company: { name: "L'entreprise" },
      }),
    ).toEqual({
      candidateFirstName: 'Anne',
      candidateLastName: 'Dupont',
      candidateEmail: 'anne@example.com',
      vacancyTitle: 'Account Executive',
      companyName: "L'entreprise",
    });
  });

  it('leaves absent, empty and non-scalar values null, writes numbers as text and replaces NUL', () => {
    expect(
      readModelOf({ candidate: { firstname: '   ', lastname: 42, email: { nested: true } }, vacancy: 'not an object', company: null }),
    ).toEqual({ candidateFirstName: null, candidateLastName: '42', candidateEmail: null, vacancyTitle: null, companyName: null });
    expect(readModelOf({ candidate: { firstname: 'A\u0000B' } }).candidateFirstName).toBe('A\uFFFDB');
    expect(readModelOf({})).toEqual({
      candidateFirstName: null,
      candidateLastName: null,
      candidateEmail: null,
      vacancyTitle: null,
      companyName: null,
    });
  });
});
