import { BadRequestException, ConflictException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { ConnectionView } from '../connections/connection-view';
import { OPTIONAL_CREDENTIALS } from '../connections/connections.service';
import { CreateConnectionBody, UpdateConnectionBody } from '../connections/dto/connection.body';
import type { HrisFieldError } from '../hris/hris-failure';
import { availableProviders, hrisDefinition } from '../hris/hris-registry';
import type { HrisProvider } from '../hris/hris-provider';
import { flattenValidationErrors } from '../webhooks/validation-errors';
import type { Translate } from './i18n/i18n';

/**
 * The dashboard's connection form: what it posts, turned into the API's body, and what the page
 * shows again after a refusal. Secrets travel one way only: FormValues never holds them.
 */

/** The form's fields as the page shows them again: every one but the secrets. */
export interface FormValues {
  name: string;
  provider: string;
  companyIds: string;
  baseUrl: string;
  requestsPerMinute: string;
  enabled: boolean;
  settings: string;
}

/** The name of a provider's secret input: one set per provider, the chosen one is read. */
export function secretFieldName(provider: string, field: string): string {
  return `secret.${provider}.${field}`;
}

/** The name of a secret any provider may carry (Flatchr access). */
export function optionalSecretFieldName(field: string): string {
  return `secret.${field}`;
}

export function emptyForm(companyId?: string): FormValues {
  return {
    name: '',
    provider: availableProviders()[0],
    companyIds: companyId ?? '',
    baseUrl: '',
    requestsPerMinute: '',
    enabled: true,
    settings: '{}',
  };
}

export function formOf(c: ConnectionView): FormValues {
  return {
    name: c.name,
    provider: c.provider,
    companyIds: c.companyIds.join(', '),
    baseUrl: c.baseUrl ?? '',
    requestsPerMinute: c.requestsPerMinuteIsDefault ? '' : String(c.requestsPerMinute),
    enabled: c.enabled,
    settings: JSON.stringify(c.settings ?? {}, null, 2),
  };
}

/** A posted value as one string (a repeated field keeps its last value). */
function field(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : '';
}

export function valuesOfForm(form: Record<string, unknown>): FormValues {
  return {
    name: field(form, 'name'),
    provider: field(form, 'provider'),
    companyIds: field(form, 'companyIds'),
    baseUrl: field(form, 'baseUrl'),
    requestsPerMinute: field(form, 'requestsPerMinute'),
    // An unchecked box sends nothing.
    enabled: field(form, 'enabled') !== '',
    settings: field(form, 'settings'),
  };
}

/** The secrets typed in for the chosen provider (empty inputs left out), and the optional ones. */
export function secretsOfForm(form: Record<string, unknown>, provider: string): Record<string, string> {
  const definition = hrisDefinition(provider as HrisProvider);
  const secrets: Record<string, string> = {};
  for (const name of definition?.credentialFields ?? []) {
    const value = field(form, secretFieldName(provider, name));
    if (value !== '') secrets[name] = value;
  }
  for (const name of OPTIONAL_CREDENTIALS) {
    const value = field(form, optionalSecretFieldName(name));
    if (value !== '') secrets[name] = value;
  }
  return secrets;
}

export type ConnectionBody = CreateConnectionBody & UpdateConnectionBody;

/**
 * The API body for the posted form, or the fields it refuses (the same checks as the API's DTO,
 * plus the settings text, which must be a JSON object). `credentials` is decided by the caller.
 */
export async function bodyOfForm(
  v: FormValues,
  credentials: Record<string, string> | undefined,
  mode: 'create' | 'update',
  t: Translate,
): Promise<{ body: ConnectionBody } | { errors: HrisFieldError[] }> {
  const errors: HrisFieldError[] = [];
  let settings: Record<string, unknown> = {};
  if (v.settings.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(v.settings);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        errors.push({ field: 'settings', message: t('connections.settingsNotObject') });
      else settings = parsed as Record<string, unknown>;
    } catch (err) {
      errors.push({ field: 'settings', message: t('connections.settingsNotJson', { error: (err as Error).message }) });
    }
  }
  const rpm = v.requestsPerMinute.trim();
  // One clear message rather than class-validator's three (integer, minimum, maximum) for "1.5".
  if (rpm !== '' && !/^\d+$/.test(rpm)) errors.push({ field: 'requestsPerMinute', message: t('connections.rpmNotWhole') });
  const plain: Record<string, unknown> = {
    name: v.name.trim(),
    provider: v.provider,
    companyIds: v.companyIds
      .split(/[,;\s]+/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    // On a change an empty field clears the base URL; on a creation it is simply not given.
    baseUrl: v.baseUrl.trim() !== '' ? v.baseUrl.trim() : mode === 'update' ? null : undefined,
    requestsPerMinute: /^\d+$/.test(rpm) ? Number(rpm) : null,
    enabled: v.enabled,
    settings,
  };
  if (credentials !== undefined) plain.credentials = credentials;
  const dto = plainToInstance(mode === 'create' ? CreateConnectionBody : UpdateConnectionBody, plain);
  const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  for (const p of flattenValidationErrors(problems)) for (const message of p.messages) errors.push({ field: p.field, message });
  return errors.length > 0 ? { errors } : { body: dto as ConnectionBody };
}

/** The fields a refusal of the service names: 400 field by field, 409 on the companies. Anything else is rethrown. */
export function refusalOf(err: unknown, t: Translate): { status: 400 | 409; errors: HrisFieldError[] } {
  if (err instanceof BadRequestException) {
    const body = err.getResponse() as { fields?: HrisFieldError[]; message?: unknown };
    const fields = Array.isArray(body?.fields) ? body.fields : [{ field: '', message: String(body?.message ?? err.message) }];
    return { status: 400, errors: fields };
  }
  if (err instanceof ConflictException) {
    const body = err.getResponse() as { conflicts?: Array<{ companyId: string; connectionName: string }> };
    const conflicts = body?.conflicts ?? [];
    return {
      status: 409,
      errors: conflicts.length
        ? conflicts.map((c) => ({
            field: 'companyIds',
            message: t('connections.conflict', { companyId: c.companyId, name: c.connectionName }),
          }))
        : [{ field: 'companyIds', message: err.message }],
    };
  }
  throw err;
}
