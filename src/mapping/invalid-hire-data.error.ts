/** The delivery lacks what a hire needs: no attempt against the HRIS can fix that. */
export class InvalidHireDataError extends Error {
  constructor(readonly fields: string[]) {
    super(`hire data is missing or invalid: ${fields.join(', ')}`);
    this.name = 'InvalidHireDataError';
  }
}
