import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { AppEnv, DatabaseEnv } from './env.schema';

export type EnvSource = Record<string, string | undefined>;

/** Thrown at start-up; its message names every bad variable so the operator can fix them in one go. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((e) => {
    const messages = Object.values(e.constraints ?? {});
    return `${e.property}: ${messages.join('; ') || 'invalid'}`;
  });
}

function validateEnv<T extends object>(cls: new () => T, env: EnvSource): T {
  const instance = plainToInstance(cls, env, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors));
  return instance;
}

export function loadAppEnv(env: EnvSource): AppEnv {
  return validateEnv(AppEnv, withoutEmpty(env));
}

export function loadDatabaseEnv(env: EnvSource): DatabaseEnv {
  return validateEnv(DatabaseEnv, withoutEmpty(env));
}

/** `FOO=` in a .env file means "not set": the default applies instead of an empty string. */
function withoutEmpty(env: EnvSource): EnvSource {
  const out: EnvSource = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** The one place that reads the process environment. */
export function readProcessEnv(): EnvSource {
  return process.env;
}
