/** The HRIS a connection can be made to; one connector each, in src/hris/<provider>/. */
export const HRIS_PROVIDERS = ['generic-sirh', 'lucca', 'payfit', 'factorial', 'personio', 'bamboohr', 'hibob'] as const;

export type HrisProvider = (typeof HRIS_PROVIDERS)[number];
