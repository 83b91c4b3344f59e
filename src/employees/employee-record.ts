/**
 * The canonical employee record: our record of a hire, what every HRIS connector receives and maps
 * to its vendor's payload (the generic SIRH contract takes it as it is). `null` means unknown:
 * values are never invented.
 */
export const CONTRACT_TYPES = ['CDI', 'CDD', 'INTERNSHIP', 'APPRENTICESHIP', 'FREELANCE', 'INTERIM', 'OTHER'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export type SalaryPeriod = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR';

export interface EmployeeLocation {
  city: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface EmployeeSalary {
  amount: number;
  currency: string;
  period: SalaryPeriod | null;
}

export interface EmployeeSource {
  ats: 'flatchr';
  companyId: number | string;
  candidateId: number | string;
  applicantId: number | string;
  vacancyId: number | string | null;
  vacancyReference: string | null;
}

export interface EmployeeRecord {
  externalId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  jobTitle: string | null;
  contractType: ContractType | null;
  startDate: string | null;
  remote: boolean | null;
  location: EmployeeLocation | null;
  salary: EmployeeSalary | null;
  source: EmployeeSource;
}
