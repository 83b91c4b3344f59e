import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { AppEnv, BOOLEAN_WORDS, DatabaseEnv, HINTS } from './env.schema';

export type EnvSource = Record<string, string | undefined>;

/** Thrown at start-up; its message names every bad variable, one line each, so the operator can fix them in one go. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (environment, then ./.env if present):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Constraints that only make sense once the value has the right type: reported alone when they fail. */
const TYPE_PROBLEMS: Record<string, string> = {
  isInt: 'must be a whole number',
  isBoolean: `must be ${BOOLEAN_WORDS} (any case)`,
};

/** One line per variable: "not set" when absent, else the first meaningful complaint. */
function describe(errors: ValidationError[], env: EnvSource): string[] {
  return errors.map((e) => {
    const name = e.property;
    const constraints = e.constraints ?? {};
    if (env[name] === undefined) return `${name}: not set${HINTS[name] ? ` (${HINTS[name]})` : ''}`;
    // Numbers and booleans are no secrets: echoing them shows a typo at once.
    const typeProblem = Object.keys(TYPE_PROBLEMS).find((c) => c in constraints);
    if (typeProblem) return `${name}: ${TYPE_PROBLEMS[typeProblem]}, got ${JSON.stringify(env[name])}`;
    const messages = Object.values(constraints).map((m) => (m.startsWith(`${name} `) ? m.slice(name.length + 1) : m));
    return `${name}: ${messages.join('; ') || 'invalid'}`;
  });
}

function validateEnv<T extends object>(cls: new () => T, env: EnvSource): T {
  const instance = plainToInstance(cls, env, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors, env));
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

/**
 * The one place that reads the process environment. Like @nestjs/config, a `.env` file in the working
 * directory fills in what the environment does not set: an exported variable always wins over the file.
 */
export function readProcessEnv(envFile = resolve(process.cwd(), '.env')): EnvSource {
  return { ...readEnvFile(envFile), ...process.env };
}

/** Variables of a dotenv file (`KEY=value`, comments, quotes, `export KEY=`), or none when there is no file. */
export function readEnvFile(path: string): EnvSource {
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}
