import { idToText } from '../flatchr-id';
import type { FlatchrApiColumn } from './flatchr-api.types';

/** A board column as shown to an operator. */
export interface FlatchrColumnInfo {
  id: string | null;
  title: string | null;
  hired: boolean;
}

/** GET /company/{key}/columns -> every column, in board order, `hired` true only for a real `true` flag. */
export function readColumns(columns: readonly FlatchrApiColumn[]): FlatchrColumnInfo[] {
  return [...columns]
    .filter((c): c is FlatchrApiColumn => typeof c === 'object' && c !== null)
    .sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER))
    .map((c) => ({
      id: idToText(c.id),
      title: typeof c.title === 'string' && c.title.trim() !== '' ? c.title.trim() : null,
      hired: c.hired === true,
    }));
}

/** The columns that mean "hired" for this company. */
export function hiredColumnsOf(columns: readonly FlatchrApiColumn[]): FlatchrColumnInfo[] {
  return readColumns(columns).filter((c) => c.hired);
}

/**
 * The hired columns as the `hiredColumns` list isHireDelivery takes (ids and titles), so a drag into a
 * hired column counts even when the delivery's column object lacks the flag.
 */
export function hiredColumnKeys(columns: readonly FlatchrApiColumn[]): string[] {
  return [...new Set(hiredColumnsOf(columns).flatMap((c) => [c.id, c.title].filter((v): v is string => v !== null)))];
}

/** Whether a column (id or title, as a delivery or search result gives it) is one of the hired ones; case-insensitive titles. */
export function isHiredColumn(column: { id?: unknown; title?: unknown }, hired: readonly FlatchrColumnInfo[]): boolean {
  const id = idToText(column.id);
  const title = typeof column.title === 'string' ? column.title.trim().toLowerCase() : null;
  return hired.some((c) => (id !== null && c.id === id) || (title !== null && title !== '' && c.title?.toLowerCase() === title));
}

/**
 * Why a drag_applicant was not taken for a hire, for the dashboard: "column "Pré-qualification RH" is not
 * a hired column; hired columns: "Recruté" (696)".
 */
export function explainNotHired(column: { id?: unknown; title?: unknown }, hired: readonly FlatchrColumnInfo[]): string {
  const name =
    typeof column.title === 'string' && column.title.trim() !== '' ? `"${column.title.trim()}"` : `#${idToText(column.id) ?? '?'}`;
  const list =
    hired.length === 0 ? 'none is flagged hired in Flatchr' : hired.map((c) => `"${c.title ?? '?'}" (${c.id ?? '?'})`).join(', ');
  return `column ${name} is not a hired column; hired columns: ${list}`;
}
