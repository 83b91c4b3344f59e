import { fixture, hiredDelivery } from '../support/fixtures';
import { seededRandom, shuffle } from './random';

export type DeliveryKind = 'hire' | 'rehire' | 'drag_not_hired' | 'new_applicant' | 'new_message' | 'new_vacancy';

export interface PlannedDelivery {
  kind: DeliveryKind;
  /** An exact copy (same bytes) of a delivery sent earlier, as Flatchr sends when it retries. */
  redelivery: boolean;
  /** JSON sent as is; a redelivery shares its original's string. */
  json: string;
  /** For hires and re-hires. */
  candidateId?: number;
}

export interface PlanSize {
  /** Distinct people hired. */
  hires: number;
  /** Of them, dragged out of and back into the hired column (a second hire delivery, new updated_at). */
  rehires: number;
  dragNotHired: number;
  newApplicant: number;
  newMessage: number;
  newVacancy: number;
  redeliveries: number;
}

export const DEFAULT_PLAN_SIZE: PlanSize = {
  hires: 650,
  rehires: 60,
  dragNotHired: 350,
  newApplicant: 300,
  newMessage: 200,
  newVacancy: 150,
  redeliveries: 400,
};

export interface DeliveryPlan {
  /** In sending order. */
  items: PlannedDelivery[];
  companyId: number;
  /** Candidate ids of everyone hired: each must become exactly one employee in the SIRH. */
  hiredCandidates: number[];
  unique: number;
  redeliveries: number;
  hireDeliveries: number;
}

const FIRST_CANDIDATE = 10001;
const BASE_TIME = Date.parse('2026-01-05T08:00:00.000Z');
const at = (minutes: number) => new Date(BASE_TIME + minutes * 60_000).toISOString();

/**
 * The deliveries of a run: unique ones in random order (a re-hire comes after its first hire),
 * each redelivery somewhere after its original (sometimes right after, so both race).
 */
export function buildDeliveryPlan(size: PlanSize, seed: number): DeliveryPlan {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const unique: PlannedDelivery[] = [];
  const hiredCandidates: number[] = [];
  const companyId = Number(fixture('drag_applicant.hired').company_id);

  for (let i = 0; i < size.hires; i++) {
    const candidateId = FIRST_CANDIDATE + i;
    hiredCandidates.push(candidateId);
    unique.push({ kind: 'hire', redelivery: false, candidateId, json: JSON.stringify(hiredDelivery(candidateId, { updatedAt: at(i) })) });
  }
  for (let i = 0; i < size.dragNotHired; i++) {
    // Half of them move people who are (or will be) hired through earlier columns; half move others.
    const candidateId = i % 2 === 0 ? hiredCandidates[int(hiredCandidates.length)] : 50001 + i;
    const body = fixture('drag_applicant');
    body.data.candidate_id = body.data.candidate.id = body.data.applicant.candidate_id = candidateId;
    body.data.applicant_id = body.data.applicant.id = candidateId + 100000;
    body.data.candidate.email = `candidate${candidateId}@example.com`;
    body.data.applicant.updated_at = at(-100000 - i);
    unique.push({ kind: 'drag_not_hired', redelivery: false, json: JSON.stringify(body) });
  }
  for (let i = 0; i < size.newApplicant; i++) {
    const body = fixture('new_applicant');
    const candidateId = 70001 + i;
    body.data.candidate_id = body.data.candidate.id = body.data.applicant.candidate_id = candidateId;
    body.data.applicant_id = candidateId + 100000;
    body.data.candidate.email = `applicant${candidateId}@example.com`;
    body.data.applicant.updated_at = at(i);
    unique.push({ kind: 'new_applicant', redelivery: false, json: JSON.stringify(body) });
  }
  for (let i = 0; i < size.newMessage; i++) {
    const body = fixture('new_message');
    body.data.text = `<p>Message ${i} about this candidate</p>`;
    body.data.applicant_id = body.data.applicant.id = 80001 + i;
    unique.push({ kind: 'new_message', redelivery: false, json: JSON.stringify(body) });
  }
  for (let i = 0; i < size.newVacancy; i++) {
    const body = fixture('new_vacancy');
    body.data.vacancy.id = 90001 + i;
    body.data.vacancy.title = `Vacancy ${i}`;
    body.data.vacancy_id = `vacancy${i}`;
    unique.push({ kind: 'new_vacancy', redelivery: false, json: JSON.stringify(body) });
  }

  // Order: shuffled unique deliveries get keys 0..n-1; re-hires and redeliveries slot in after their original.
  const keyed: Array<{ key: number; item: PlannedDelivery }> = shuffle(unique, random).map((item, key) => ({ key, item }));
  const hireSlots = keyed.filter((k) => k.item.kind === 'hire');
  for (const slot of shuffle([...hireSlots], random).slice(0, size.rehires)) {
    const candidateId = slot.item.candidateId!;
    const json = JSON.stringify(hiredDelivery(candidateId, { updatedAt: at(200000 + candidateId) }));
    keyed.push({ key: slot.key + 1 + int(400) + 0.25, item: { kind: 'rehire', redelivery: false, candidateId, json } });
  }
  // Half the redeliveries repeat hires (the deliveries that matter), half anything else.
  const originals = shuffle([...keyed], random);
  const hiresFirst = [
    ...originals.filter((k) => k.item.kind === 'hire' || k.item.kind === 'rehire').slice(0, Math.ceil(size.redeliveries / 2)),
    ...originals.filter((k) => k.item.kind !== 'hire' && k.item.kind !== 'rehire'),
  ].slice(0, size.redeliveries);
  for (const original of hiresFirst) {
    // One in five right after the original (both in flight together), the rest up to ~300 deliveries later.
    const gap = random() < 0.2 ? 0 : int(300);
    keyed.push({ key: original.key + gap + 0.5, item: { ...original.item, redelivery: true } });
  }
  keyed.sort((a, b) => a.key - b.key);
  const items = keyed.map((k) => k.item);
  return {
    items,
    companyId,
    hiredCandidates,
    unique: items.filter((i) => !i.redelivery).length,
    redeliveries: items.filter((i) => i.redelivery).length,
    hireDeliveries: items.filter((i) => !i.redelivery && (i.kind === 'hire' || i.kind === 'rehire')).length,
  };
}
