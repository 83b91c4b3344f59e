import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'yaml';
import { flattenValidationErrors } from '../webhooks/validation-errors';
import { CreateConnectionBody } from './dto/connection.body';

/** A problem in CONNECTIONS_FILE, named by entry and field; the service refuses to start with it. */
export class ConnectionsFileError extends Error {}

/**
 * `${NAME}` in any string takes the variable's value (secrets stay out of the file); `$${` writes a
 * literal `${`. A variable that is not set is an error, not an empty secret.
 */
export function interpolate(text: string, lookup: (name: string) => string | undefined, where: string): string {
  return text.replace(/\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, escaped: string, name: string) => {
    if (escaped) return match.slice(1);
    const value = lookup(name);
    if (value === undefined || value === '') throw new ConnectionsFileError(`${where}: \${${name}} is not set in the environment`);
    return value;
  });
}

function interpolateDeep(value: unknown, lookup: (name: string) => string | undefined, where: string): unknown {
  if (typeof value === 'string') return interpolate(value, lookup, where);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, lookup, where));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, lookup, `${where}.${k}`)]));
  }
  return value;
}

/**
 * Reads a connections file: `connections:` a list of entries shaped like the body of
 * `POST /api/connections`. Variables are substituted after parsing, so a secret holding YAML
 * syntax cannot change the file's structure.
 */
export function parseConnectionsFile(text: string, lookup: (name: string) => string | undefined): CreateConnectionBody[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ConnectionsFileError(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const list = (doc as { connections?: unknown } | null)?.connections;
  if (!Array.isArray(list)) throw new ConnectionsFileError('expected a top-level "connections:" list');
  const names = new Set<string>();
  return list.map((raw, i) => {
    const where = `connections[${i}]${typeof (raw as { name?: unknown })?.name === 'string' ? ` ("${(raw as { name: string }).name}")` : ''}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConnectionsFileError(`${where}: expected a mapping`);
    const body = plainToInstance(CreateConnectionBody, interpolateDeep(raw, lookup, where) as object);
    const errors = flattenValidationErrors(validateSync(body, { whitelist: true, forbidNonWhitelisted: true }));
    if (errors.length > 0)
      throw new ConnectionsFileError(`${where}: ${errors.map((e) => `${e.field}: ${e.messages.join(', ')}`).join('; ')}`);
    if (names.has(body.name)) throw new ConnectionsFileError(`${where}: the name "${body.name}" is used twice`);
    names.add(body.name);
    return body;
  });
}
