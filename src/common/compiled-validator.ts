import { ValidationArguments, ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

// class-transformer keeps @Type metadata in a storage its package entry does not export.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a deep path the package exports no types for
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/** Answers whether a plain value passes a DTO's class-validator rules, without saying why. */
export type CompiledCheck = (plain: unknown) => boolean;

interface ConstraintCheck {
  validateIf?: (object: object, value: unknown) => boolean;
  validate: (value: unknown, args: ValidationArguments) => boolean;
  metadata: ValidationMetadata;
}

interface PropertyPlan {
  name: string;
  conditions: Array<(object: object, value: unknown) => boolean>;
  checks: ConstraintCheck[];
  /** The DTO a nested object is checked against (ValidateNested + class-transformer's @Type). */
  nested: (() => ClassPlan) | null;
}

type ClassPlan = PropertyPlan[];

/** A DTO class, as class-validator and class-transformer key their metadata. */
type DtoClass = abstract new (...args: never[]) => object;

const plans = new Map<DtoClass, ClassPlan>();

/**
 * True only when `validateSync(plainToInstance(Dto, plain))` (no groups) finds no error, compiled
 * once from the DTO's own decorators: the same constraint functions run, without
 * class-transformer copying the input, metadata lookups or error objects per call. False means
 * "ask class-validator": callers run it then, for its verdict and its messages.
 *
 * Only what the DTOs here use is supported (custom and built-in constraints, IsDefined,
 * IsOptional / ValidateIf, ValidateNested on objects); anything else throws at compile time,
 * so the two can never silently disagree.
 */
export function compileValidator(dto: DtoClass): CompiledCheck {
  const plan = planFor(dto);
  return (plain) => plain !== null && typeof plain === 'object' && passes(plan, plain as Record<string, unknown>);
}

function planFor(target: DtoClass): ClassPlan {
  const known = plans.get(target);
  if (known) return known;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
  const byProperty = storage.groupByPropertyName(metadatas);
  const plan: ClassPlan = [];
  plans.set(target, plan);
  for (const [name, list] of Object.entries(byProperty)) {
    const property: PropertyPlan = { name, conditions: [], checks: [], nested: null };
    for (const m of list) {
      if (m.each || m.always || (m.groups && m.groups.length > 0)) {
        throw new Error(`compileValidator: ${target.name}.${name}: 'each', 'always' and groups are not supported`);
      }
      if (m.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        property.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
      } else if (m.type === ValidationTypes.CUSTOM_VALIDATION || m.type === ValidationTypes.IS_DEFINED) {
        for (const constraint of storage.getTargetValidatorConstraints(m.constraintCls)) {
          if (constraint.async) throw new Error(`compileValidator: ${target.name}.${name}: async constraints are not supported`);
          const instance = constraint.instance as { validate(value: unknown, args: ValidationArguments): boolean };
          property.checks.push({ validateIf: m.validateIf, validate: instance.validate.bind(instance), metadata: m });
        }
      } else if (m.type === ValidationTypes.NESTED_VALIDATION) {
        const type = defaultMetadataStorage.findTypeMetadata(target, name);
        if (!type) throw new Error(`compileValidator: ${target.name}.${name}: ValidateNested needs @Type`);
        const nestedClass = type.typeFunction() as DtoClass;
        property.nested = () => planFor(nestedClass);
      } else {
        throw new Error(`compileValidator: ${target.name}.${name}: validation type '${m.type}' is not supported`);
      }
    }
    plan.push(property);
  }
  return plan;
}

function passes(plan: ClassPlan, object: Record<string, unknown>): boolean {
  for (const property of plan) {
    const value = object[property.name];
    let applies = true;
    for (const condition of property.conditions) if (!condition(object, value)) applies = false;
    if (!applies) continue;
    for (const check of property.checks) {
      if (check.validateIf && !check.validateIf(object, value)) continue;
      const args: ValidationArguments = {
        targetName: '',
        property: property.name,
        object,
        value,
        constraints: check.metadata.constraints,
      };
      if (!check.validate(value, args)) return false;
    }
    if (property.nested && value !== undefined) {
      // class-validator checks arrays element by element; the DTOs here pair ValidateNested with IsObject, which refuses arrays.
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
      if (!passes(property.nested(), value as Record<string, unknown>)) return false;
    }
  }
  return true;
}
