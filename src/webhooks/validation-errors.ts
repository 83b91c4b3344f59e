import { ValidationError } from 'class-validator';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Flattens class-validator's tree into `{ field: 'data.candidate.firstname', messages }` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, messages: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}
