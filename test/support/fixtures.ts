import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type FixtureName = 'drag_applicant' | 'drag_applicant.hired' | 'new_applicant' | 'new_message' | 'new_vacancy';

/** A fresh copy of one of Flatchr's documented example deliveries. */
export function fixture(name: FixtureName): Record<string, any> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'flatchr', `${name}.json`), 'utf8'));
}

/** The employee record the SIRH contract expects for a fixture (test/fixtures/expected). */
export function expectedEmployee(name: 'drag_applicant.hired'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'expected', `${name}.employee.json`), 'utf8'));
}

/** The hired example for another person, so tests do not collide on the same candidate. */
export function hiredDelivery(candidateId: number, overrides: { email?: string; updatedAt?: string } = {}) {
  const body = fixture('drag_applicant.hired');
  body.data.candidate_id = candidateId;
  body.data.candidate.id = candidateId;
  body.data.applicant.candidate_id = candidateId;
  body.data.applicant_id = candidateId + 100000;
  body.data.applicant.id = candidateId + 100000;
  body.data.candidate.email = overrides.email ?? `candidate${candidateId}@example.com`;
  if (overrides.updatedAt) body.data.applicant.updated_at = overrides.updatedAt;
  return body;
}
