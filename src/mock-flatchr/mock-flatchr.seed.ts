import type { MockFlatchrApplicant, MockFlatchrVacancy } from './mock-flatchr.types';

/** Encoded-looking ids (16 letters and digits) that are the same for the same number. */
export function encodedId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(16 - prefix.length, '0')}`.slice(0, 16);
}

/** Vacancies, one per documented contract id 1..6, so a demo shows each contract type. */
export function demoVacancies(companyKey: string): MockFlatchrVacancy[] {
  const titles = [
    'Account Executive',
    'Chargé de clientèle',
    'Stagiaire marketing',
    'Alternant développeur',
    'Designer freelance',
    'Préparateur de commandes',
  ];
  return titles.map((title, i) => ({
    id: encodedId('Vac', i + 1),
    vacancy_id: 1240 + i + 1,
    company_id: companyKey,
    title,
    reference: `REF-${i + 1}`,
    contract_type_id: i + 1,
    start_date: null,
    end_date: null,
    remote: false,
    salary: '0',
    mensuality: 'y',
    currency: 'EUR',
    language: 'fr_FR',
    address: { locality: 'Lyon', postal_code: 69002, country: 'France' },
  }));
}

/**
 * `count` hired applicants, updated one every `spacingMs` back from `latest` (newest first), spread over
 * the given vacancies. Candidate ids start at `firstCandidateId` (plain integers, as webhooks send them).
 */
export function demoHires(options: {
  count: number;
  latest: Date;
  spacingMs?: number;
  vacancies: readonly MockFlatchrVacancy[];
  firstCandidateId?: number;
}): MockFlatchrApplicant[] {
  const spacing = options.spacingMs ?? 60 * 60 * 1000;
  const first = options.firstCandidateId ?? 5000;
  return Array.from({ length: options.count }, (_, i) => {
    const updated = new Date(options.latest.getTime() - i * spacing);
    const vacancy = options.vacancies[i % Math.max(1, options.vacancies.length)];
    return {
      id: encodedId('App', first + i),
      candidateId: first + i,
      firstname: `Prénom${i + 1}`,
      lastname: `Nom${i + 1}`,
      email: `hire${first + i}@example.com`,
      phone: '+33 6 12 34 56 78',
      vacancyId: vacancy?.id ?? null,
      column: 'Recruté',
      hired: true,
      createdAt: new Date(updated.getTime() - 20 * 24 * 60 * 60 * 1000).toISOString(),
      updatedAt: updated.toISOString(),
    };
  });
}
