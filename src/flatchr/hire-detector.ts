import { asObject } from '../common/as-object';

/**
 * A hire is a `drag_applicant` into a column that Flatchr flags `hired`, or into a column the
 * operator listed in HIRED_COLUMN_IDS (by id or title, case-insensitive), for boards whose hired
 * column lacks the flag.
 */
export function isHireDelivery(body: Record<string, unknown>, hiredColumns: readonly string[]): boolean {
  if (body.event !== 'drag_applicant') return false;
  const data = asObject(body.data);
  if (!data) return false;
  const column = asObject(data.column);
  if (column?.hired === true) return true;
  if (hiredColumns.length === 0) return false;
  const wanted = new Set(hiredColumns.map((c) => c.trim().toLowerCase()));
  const candidates = [column?.id, column?.title, data.column_id, asObject(data.applicant)?.column_id];
  return candidates.some((c) => (typeof c === 'string' || typeof c === 'number') && wanted.has(String(c).trim().toLowerCase()));
}
