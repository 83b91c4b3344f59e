import type { HrisFieldError } from '../hris/hris-failure';

/** What HireBridge tells Flatchr once a hire is synced: nothing (default), a note, or a tag. */
export const FLATCHR_WRITE_BACK_MODES = ['off', 'comment', 'tag'] as const;
export type FlatchrWriteBackMode = (typeof FLATCHR_WRITE_BACK_MODES)[number];

/** A connection's Flatchr REST access: catch-up, backfill, referentials and write-back need it; webhooks do not. */
export interface FlatchrAccess {
  /** The encoded company key in Flatchr's paths (`G6KzqPnNLyp31m0l`). */
  companyKey: string;
  apiKey: string;
  /** The write-back user (comments need a user token); null when not set. */
  user: { email: string; password: string } | null;
  writeBack: FlatchrWriteBackMode;
}

const COMPANY_KEY = /^[A-Za-z0-9_-]{1,100}$/;

/** The Flatchr settings' field errors (`settings.flatchrCompanyKey`, `settings.flatchrWriteBack`). */
export function validateFlatchrSettings(settings: Readonly<Record<string, unknown>>): HrisFieldError[] {
  const errors: HrisFieldError[] = [];
  const key = settings.flatchrCompanyKey;
  if (key !== undefined && key !== null && key !== '' && (typeof key !== 'string' || !COMPANY_KEY.test(key.trim()))) {
    errors.push({
      field: 'settings.flatchrCompanyKey',
      message: "must be Flatchr's encoded company key (letters and digits, e.g. G6KzqPnNLyp31m0l)",
    });
  }
  const mode = settings.flatchrWriteBack;
  if (mode !== undefined && mode !== null && !FLATCHR_WRITE_BACK_MODES.includes(mode as FlatchrWriteBackMode)) {
    errors.push({ field: 'settings.flatchrWriteBack', message: `must be one of ${FLATCHR_WRITE_BACK_MODES.join(', ')}` });
  } else if (mode !== undefined && mode !== null && mode !== 'off' && !textOf(key)) {
    errors.push({ field: 'settings.flatchrWriteBack', message: 'needs settings.flatchrCompanyKey (and credentials.flatchrApiKey)' });
  }
  return errors;
}

/** The connection's Flatchr access, or null when it has none (it then works from webhooks alone). */
export function flatchrAccessOf(connection: {
  credentials: Readonly<Record<string, string>>;
  settings: Readonly<Record<string, unknown>>;
}): FlatchrAccess | null {
  const companyKey = textOf(connection.settings.flatchrCompanyKey);
  const apiKey = textOf(connection.credentials.flatchrApiKey);
  if (!companyKey || !apiKey) return null;
  const email = textOf(connection.credentials.flatchrUserEmail);
  const password = connection.credentials.flatchrUserPassword;
  const mode = connection.settings.flatchrWriteBack;
  return {
    companyKey,
    apiKey,
    user: email && typeof password === 'string' && password !== '' ? { email, password } : null,
    writeBack: FLATCHR_WRITE_BACK_MODES.includes(mode as FlatchrWriteBackMode) ? (mode as FlatchrWriteBackMode) : 'off',
  };
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
