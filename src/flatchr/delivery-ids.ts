import { asObject } from '../common/as-object';
import { idToText } from './flatchr-id';

/**
 * Where a delivery's `data` may carry the candidate's id, in order of preference: the top-level id
 * first, it is a plain integer in every documented example. The first one present is the person's id.
 */
export function candidateIdSources(data: unknown): Array<[string, string | null]> {
  const obj = asObject(data);
  return [
    ['data.candidate_id', idToText(obj?.candidate_id)],
    ['data.candidate.id', idToText(asObject(obj?.candidate)?.id)],
    ['data.applicant.candidate_id', idToText(asObject(obj?.applicant)?.candidate_id)],
  ];
}

export function candidateIdOf(data: unknown): string | null {
  return candidateIdSources(data).find(([, id]) => id !== null)?.[1] ?? null;
}

/** `data.applicant_id`, or `data.applicant.id` when the top-level one is missing. */
export function applicantIdOf(data: unknown): string | null {
  const obj = asObject(data);
  return idToText(obj?.applicant_id) ?? idToText(asObject(obj?.applicant)?.id);
}
