import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { FlatchrDeliveryDto } from '../webhooks/dto/flatchr-delivery.dto';
import { HireDeliveryDto } from '../webhooks/dto/hire-delivery.dto';
import { compileValidator } from './compiled-validator';

const hired = JSON.parse(fs.readFileSync(path.join(__dirname, '../../test/fixtures/flatchr/drag_applicant.hired.json'), 'utf8')) as Record<
  string,
  unknown
>;

const PATHS = [
  'event',
  'company_id',
  'data',
  'data.applicant_id',
  'data.candidate_id',
  'data.vacancy_id',
  'data.candidate',
  'data.candidate.id',
  'data.candidate.firstname',
  'data.candidate.lastname',
  'data.candidate.email',
  'data.candidate.phone',
  'data.applicant',
  'data.applicant.id',
  'data.applicant.candidate_id',
  'data.applicant.vacancy_id',
  'data.applicant.updated_at',
  'data.vacancy',
  'data.vacancy.id',
  'data.column',
  'data.column.id',
  'data.column.title',
  'data.column.hired',
];
const DELETE = Symbol('delete');
const VALUES: unknown[] = [
  DELETE,
  null,
  '',
  '   ',
  'abc',
  'x'.repeat(201),
  'y'.repeat(400),
  0,
  42,
  -7,
  1.5,
  2 ** 60,
  NaN,
  true,
  false,
  [],
  ['a'],
  {},
  { id: 1 },
];

function mutate(body: Record<string, unknown>, dotted: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = dotted.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return copy;
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = structuredClone(value);
  return copy;
}

function classValidatorAccepts(dto: new () => object, plain: unknown): boolean {
  return validateSync(plainToInstance(dto, plain) as object, { forbidUnknownValues: false }).length === 0;
}

/** Every single and (a sample of) double mutation of Flatchr's hired example. */
function inputs(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [hired];
  for (const p of PATHS) for (const v of VALUES) out.push(mutate(hired, p, v));
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let i = 0; i < 2000; i++) {
    const once = mutate(hired, PATHS[next(PATHS.length)], VALUES[next(VALUES.length)]);
    out.push(mutate(once, PATHS[next(PATHS.length)], VALUES[next(VALUES.length)]));
  }
  return out;
}

describe('compileValidator', () => {
  it.each([
    ['FlatchrDeliveryDto', FlatchrDeliveryDto],
    ['HireDeliveryDto', HireDeliveryDto],
  ] as const)('decides exactly as class-validator does on %s, over thousands of variants', (_name, dto) => {
    const compiled = compileValidator(dto);
    const all = inputs();
    let accepted = 0;
    for (const input of all) {
      const expected = classValidatorAccepts(dto, input);
      if (compiled(input) !== expected) throw new Error(`disagrees on ${JSON.stringify(input)}: class-validator says ${expected}`);
      if (expected) accepted++;
    }
    // Both verdicts are exercised, not just one.
    expect(accepted).toBeGreaterThan(50);
    expect(all.length - accepted).toBeGreaterThan(50);
  });

  it('refuses what is not an object', () => {
    const compiled = compileValidator(FlatchrDeliveryDto);
    for (const v of [null, undefined, 'x', 1, true]) expect(compiled(v)).toBe(false);
  });

  it('refuses at compile time a rule it cannot mirror', () => {
    class Tags {
      @IsString({ each: true })
      tags!: string[];
    }
    expect(() => compileValidator(Tags)).toThrow(/Tags\.tags: 'each'/);
  });
});
