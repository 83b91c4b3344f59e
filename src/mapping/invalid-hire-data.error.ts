/**
 * The delivery lacks what a hire needs (a name, an id). No retry and no HRIS attempt can fix
 * that, so the caller treats it as a permanent failure. `fields` lists each missing path, in the
 * delivery's own terms (e.g. 'data.candidate.firstname'), so an operator knows what to fix.
 */
export class InvalidHireDataError extends Error {
  readonly fields: string[];

  constructor(fields: string[]) {
    super(`Flatchr hire is missing required data: ${fields.join(', ')}`);
    this.name = 'InvalidHireDataError';
    this.fields = [...fields];
  }
}
