/**
 * A tiny escaping template helper: every interpolated value is HTML-escaped unless it is itself
 * the output of `html` (or `raw`). Candidate fields come from outside and may be hostile, so
 * escaping is the default and there is no way to forget it.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | Date | Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value instanceof Date) return escapeHtml(value.toISOString());
  return escapeHtml(value);
}

/** Tagged template: html`<td>${name}</td>` escapes `name`; arrays are joined; null/undefined/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusted markup only (never data). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Builds `?a=1&b=2` from the defined, non-empty entries (URL-encoded; escape it again when placed in HTML). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (entries.length === 0) return '';
  return '?' + entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

/** Pretty JSON for a <pre>, escaped. */
export function prettyJson(value: unknown): SafeHtml {
  return html`${value === undefined ? '' : JSON.stringify(value, null, 2)}`;
}
