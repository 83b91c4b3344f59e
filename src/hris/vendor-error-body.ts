import type { HrisFieldError } from './hris-failure';

/**
 * Reads the field messages out of a vendor's error body when its shape is not documented (PayFit,
 * Factorial): a map `{errors: {field: message | message[]}}`, a list `{errors: [{field, message}]}`
 * (or `details`, with `attribute`/`property`/`param`/`source.pointer` for the field and `detail` for
 * the message). Anything else gives no field errors; the body stays in the excerpt.
 */
export function fieldErrorsInBody(body: unknown): HrisFieldError[] {
  if (body === null || typeof body !== 'object') return [];
  const container = body as { errors?: unknown; details?: unknown };
  const errors = container.errors ?? container.details;
  if (Array.isArray(errors)) return errors.flatMap(fieldErrorOfItem);
  if (errors && typeof errors === 'object') {
    return Object.entries(errors as Record<string, unknown>).flatMap(([field, value]) =>
      (Array.isArray(value) ? value : [value])
        .filter((message): message is string => typeof message === 'string' && message !== '')
        .map((message) => ({ field, message })),
    );
  }
  return [];
}

/** The vendor's one-line reason (`message`, `error_description`, `error` or `detail`), or null. */
export function errorMessageInBody(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  for (const key of ['message', 'error_description', 'error', 'detail', 'title']) {
    const value = b[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

function fieldErrorOfItem(item: unknown): HrisFieldError[] {
  if (typeof item === 'string') return item === '' ? [] : [{ field: '', message: item }];
  if (item === null || typeof item !== 'object') return [];
  const i = item as Record<string, unknown>;
  const pointer = (i.source as { pointer?: unknown } | undefined)?.pointer;
  const field = [i.field, i.attribute, i.property, i.param, i.path, pointer].find((v): v is string => typeof v === 'string') ?? '';
  const message = [i.message, i.detail, i.description, i.error].find((v): v is string => typeof v === 'string' && v !== '');
  if (!message) return [];
  return [{ field: field.replace(/^\/(data\/attributes\/)?/, ''), message }];
}
