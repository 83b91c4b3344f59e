/**
 * Unique hires built from Flatchr's own example (test/fixtures/flatchr/drag_applicant.hired.json):
 * data.applicant_id, data.applicant.id, the candidate ids (data.candidate_id, data.applicant.candidate_id,
 * data.candidate.id) and data.applicant.updated_at change per hire, so no delivery is a redelivery and
 * every hire is a new person. Bodies are spliced from a pre-serialised template: the load generator
 * shares the two cores with what it measures and must stay cheap.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE = join(__dirname, '..', '..', 'test', 'fixtures', 'flatchr', 'drag_applicant.hired.json');
export const COMPANY_ID = 60;
const UPDATED_AT_BASE = Date.UTC(2025, 0, 1);

function buildTemplate(): string[] {
  const body = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const d = body.data;
  if (body.company_id !== COMPANY_ID) throw new Error(`fixture company_id changed: ${body.company_id}`);
  d.applicant_id = '@@A@@';
  d.applicant.id = '@@A@@';
  d.candidate_id = '@@C@@';
  d.applicant.candidate_id = '@@C@@';
  d.candidate.id = '@@C@@';
  d.applicant.updated_at = '@@U@@';
  const parts = JSON.stringify(body).split(/"@@([ACU])@@"/);
  return parts;
}

const TEMPLATE = buildTemplate();

export interface Hire {
  n: number;
  id: number;
  body: string;
  updatedAt: string;
  externalId: string;
}

/** Hire number `n` (distinct n give distinct people and distinct deliveries). */
export function hire(n: number): Hire {
  const id = 10_000_000 + n;
  const updatedAt = new Date(UPDATED_AT_BASE + n * 1000).toISOString();
  let body = '';
  for (let i = 0; i < TEMPLATE.length; i++) {
    if (i % 2 === 0) body += TEMPLATE[i];
    else if (TEMPLATE[i] === 'U') body += `"${updatedAt}"`;
    else body += id; // A and C: the applicant and candidate share the number (distinct fields, distinct people)
  }
  return { n, id, body, updatedAt, externalId: `flatchr:${COMPANY_ID}:${id}` };
}

/** One process-wide sequence, so two phases of one run never send the same person twice. */
let next = 0;
export function nextHire(): Hire {
  return hire(next++);
}
