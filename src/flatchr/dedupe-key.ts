import { createHash } from 'node:crypto';
import { asObject } from '../common/as-object';
import { idToText } from './flatchr-id';

/**
 * Flatchr sends no event id, so a redelivery is recognised by what identifies the move itself:
 * event, company, applicant, column and the applicant's `updated_at` (which changes on every
 * real move). Events without an applicant (new_vacancy, new_message, unknown ones) fall back to
 * a hash of their whole canonical body.
 */
export function computeDedupeKey(body: Record<string, unknown>): string {
  const event = typeof body.event === 'string' ? body.event : '';
  const company = idToText(body.company_id) ?? '';
  const data = asObject(body.data) ?? {};
  const applicant = asObject(data.applicant);
  const applicantId = idToText(data.applicant_id) ?? idToText(applicant?.id);
  const updatedAt = applicant?.updated_at;

  if ((event === 'drag_applicant' || event === 'new_applicant') && applicantId && typeof updatedAt === 'string') {
    const column = asObject(data.column);
    const columnId = idToText(column?.id) ?? idToText(data.column) ?? idToText(data.column_id) ?? idToText(applicant?.column_id) ?? '';
    return `${event}|${company}|${applicantId}|${columnId}|${updatedAt}`;
  }
  return `${event}|${company}|sha256:${sha256(canonicalJson(data))}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
