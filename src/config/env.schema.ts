import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsTimeZone,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

export const APP_ROLES = ['all', 'api', 'worker'] as const;
export type AppRole = (typeof APP_ROLES)[number];

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value).trim()) ? Number(value) : value;
const toTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];
/** true/false, 1/0, yes/no in any case; anything else stays a string and fails @IsBoolean. */
const toBoolean =
  (fallback: boolean) =>
  ({ value }: { value: unknown }) => {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    const word = String(value).trim().toLowerCase();
    return TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : value;
  };
/** 32 bytes: hex, or base64 with or without padding. */
const KEY_32_BYTES = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/;
export const BOOLEAN_WORDS = `${TRUE_WORDS.join('/')} or ${FALSE_WORDS.join('/')}`;

/** What to write when a required variable is not set; the "not set" message adds it in brackets. */
export const HINTS: Record<string, string> = {
  DATABASE_URL: 'e.g. postgres://hirebridge:hirebridge@localhost:5432/hirebridge',
  REDIS_URL: 'e.g. redis://localhost:6379',
  WEBHOOK_TOKEN: "16+ characters, the secret of Flatchr's webhook URL",
  DASHBOARD_USER: 'required unless DASHBOARD_ENABLED=false',
  DASHBOARD_PASSWORD: '8+ characters; required unless DASHBOARD_ENABLED=false',
  SMTP_URL: 'e.g. smtp://user:pass@smtp.example.com:587; needed with ALERT_EMAIL_FROM/ALERT_EMAIL_TO',
  ALERT_EMAIL_FROM: 'e.g. alerts@example.com; needed with SMTP_URL',
  ALERT_EMAIL_TO: 'comma-separated addresses; needed with SMTP_URL',
  ALERT_WEBHOOK_URL: 'the receiver of ALERT_WEBHOOK_SECRET-signed alerts',
  ALERT_WEBHOOK_SECRET: 'whsec_<base64>; needed with ALERT_WEBHOOK_URL',
};

/** An smtp:// or smtps:// URL that parses whole, with a host: what nodemailer and the Settings page read. */
function isSmtpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Variables the database CLI needs: kept apart so `migration:run` works with DATABASE_URL alone. */
export class DatabaseEnv {
  @Transform(toTrimmed)
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;
}

/** Every variable the service reads, with its default. `.env.example` documents each. */
export class AppEnv extends DatabaseEnv {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Transform(toTrimmed)
  @IsString()
  HOST = '0.0.0.0';

  @IsIn(APP_ROLES as unknown as string[])
  APP_ROLE: AppRole = 'all';

  @Transform(toTrimmed)
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string;

  /** Namespace of every queue key in Redis; lets several deployments (or test runs) share a Redis. */
  @Transform(toTrimmed)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ and - only' })
  QUEUE_PREFIX = 'hirebridge';

  @IsString()
  @MinLength(16, { message: 'WEBHOOK_TOKEN must be at least 16 characters (it is the only secret Flatchr can send)' })
  WEBHOOK_TOKEN: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

  /**
   * Optional Standard Webhooks secret (`whsec_<base64>`), for deployments with a signing proxy in
   * front: when set, every delivery must carry a valid webhook-id/timestamp/signature.
   */
  @IsOptional()
  @Matches(/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/, { message: 'WEBHOOK_SIGNING_SECRET must be whsec_ followed by base64' })
  WEBHOOK_SIGNING_SECRET?: string;

  /** Optional allowlist of source IPs or CIDRs for the webhook, comma separated. */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_IPS = '';

  /** Proxies whose X-Forwarded-For is believed (IPs/CIDRs, comma separated); empty: none. */
  @IsOptional()
  @IsString()
  TRUSTED_PROXIES = '';

  /** Requests per minute per source IP; 0 turns the limit off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  WEBHOOK_RATE_LIMIT_PER_MINUTE = 12000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  DASHBOARD_RATE_LIMIT_PER_MINUTE = 600;

  /** Raw candidate payloads older than this are purged (personal data); sync outcomes are kept. 0 keeps them. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RETENTION_DAYS = 90;

  /** Extra column ids or titles that count as "hired", comma separated, for boards whose column has no `hired` flag. */
  @IsOptional()
  @IsString()
  HIRED_COLUMN_IDS = '';

  /** The default connection (companies no connection names): optional, both or neither. */
  @Transform(toTrimmed)
  @ValidateIf((o: AppEnv) => o.SIRH_BASE_URL !== undefined || o.SIRH_API_KEY !== undefined)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'SIRH_BASE_URL must be an http(s) URL (set it with SIRH_API_KEY, or neither)' },
  )
  SIRH_BASE_URL?: string;

  @ValidateIf((o: AppEnv) => o.SIRH_BASE_URL !== undefined || o.SIRH_API_KEY !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'SIRH_API_KEY is required when SIRH_BASE_URL is set (set both, or neither)' })
  SIRH_API_KEY?: string;

  /**
   * Encrypts connection credentials at rest (AES-256-GCM): 32 bytes as 64 hex characters or base64.
   * Required as soon as a connection with credentials is saved.
   */
  @IsOptional()
  @Matches(KEY_32_BYTES, {
    message: 'CREDENTIALS_KEY must be 32 bytes: 64 hex characters or 44 base64 characters (openssl rand -base64 32)',
  })
  CREDENTIALS_KEY?: string;

  /** The key before a rotation: still read, and stored secrets are re-encrypted with CREDENTIALS_KEY at start. */
  @IsOptional()
  @Matches(KEY_32_BYTES, { message: 'CREDENTIALS_KEY_PREVIOUS must be 32 bytes: 64 hex characters or 44 base64 characters' })
  CREDENTIALS_KEY_PREVIOUS?: string;

  /** YAML file of connections created or updated by name at start; `${VAR}` is taken from the environment. */
  @IsOptional()
  @IsString()
  CONNECTIONS_FILE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  SIRH_TIMEOUT_MS = 10000;

  /** Attempts per hire against a failing SIRH (5xx, time-outs); rate-limit waits do not count. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  SYNC_MAX_ATTEMPTS = 10;

  /** First retry delay; it doubles each attempt (with jitter): 2 s reaches a third attempt within 6 s. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SYNC_BACKOFF_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  SYNC_CONCURRENCY = 10;

  /**
   * How long a worker holds a job without renewing its lock; a worker killed mid-job has its job
   * picked up by another after about this long (BullMQ stalled-job check).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SYNC_LOCK_DURATION_MS = 30000;

  /** How often the worker looks for stored hires that never reached the queue. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  RECONCILE_INTERVAL_MS = 30000;

  /** Flatchr's REST API: only scheme, host and port are used; the paths stay Flatchr's. */
  @Transform(toTrimmed)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'FLATCHR_API_URL must be an http(s) URL' },
  )
  FLATCHR_API_URL = 'https://api.flatchr.io';

  /** How often the worker asks Flatchr for hires no webhook brought; 0 turns the catch-up off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  FLATCHR_CATCHUP_INTERVAL_MS = 900000;

  /** Operator table for Flatchr contract_type_id values beyond the confirmed ones, e.g. "2=CDD,3=INTERNSHIP". */
  @IsOptional()
  @IsString()
  CONTRACT_TYPE_MAP = '';

  /**
   * The operator API and dashboard hold candidates' personal data: they never run without
   * credentials. Setting this to false removes them altogether (and the credentials are not needed).
   */
  @Transform(toBoolean(true))
  @IsBoolean()
  DASHBOARD_ENABLED = true;

  @ValidateIf((o: AppEnv) => o.DASHBOARD_ENABLED)
  @IsString()
  @IsNotEmpty({ message: 'DASHBOARD_USER is required (or set DASHBOARD_ENABLED=false)' })
  DASHBOARD_USER: string;

  @ValidateIf((o: AppEnv) => o.DASHBOARD_ENABLED)
  @IsString()
  @MinLength(8, { message: 'DASHBOARD_PASSWORD must be at least 8 characters (or set DASHBOARD_ENABLED=false)' })
  DASHBOARD_PASSWORD: string;

  /** Optional second account that may look at the dashboard but not retry or replay (403 on actions). */
  @IsOptional()
  @IsString()
  DASHBOARD_READONLY_USER?: string;

  @ValidateIf((o: AppEnv) => Boolean(o.DASHBOARD_READONLY_USER))
  @IsString()
  @MinLength(8, { message: 'DASHBOARD_READONLY_PASSWORD must be at least 8 characters when DASHBOARD_READONLY_USER is set' })
  DASHBOARD_READONLY_PASSWORD?: string;

  /**
   * Whole-request limit (headers and body): a client that trickles its request is answered 408 and
   * cut off after this long, whoever it is.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_REQUEST_TIMEOUT_MS = 30000;

  /** Time allowed for the request's headers; capped at HTTP_REQUEST_TIMEOUT_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_HEADERS_TIMEOUT_MS = 10000;

  /** An idle keep-alive connection is closed after this long (above a load balancer's usual 60 s). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72000;

  /** Failed logins (dashboard, API, bull-board, docs, metrics) allowed per source address and window; then 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_LIMIT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /** IANA zone the dashboard shows times in (the UTC value stays on hover). */
  @Transform(toTrimmed)
  @IsTimeZone({ message: 'DISPLAY_TIMEZONE must be an IANA time zone such as Europe/Paris or UTC, got "$value"' })
  DISPLAY_TIMEZONE = 'Europe/Paris';

  /** The dashboard's address as operators reach it (e.g. https://hirebridge.example.com): alerts link to it. */
  @IsOptional()
  @Transform(toTrimmed)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Slack (or compatible) incoming webhook; the URL is itself the secret. */
  @IsOptional()
  @Transform(toTrimmed)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'ALERT_SLACK_WEBHOOK_URL must be an http(s) URL' },
  )
  ALERT_SLACK_WEBHOOK_URL?: string;

  /** Alert e-mails go through this server: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://...:465. */
  @ValidateIf((o: AppEnv) => o.SMTP_URL !== undefined || o.ALERT_EMAIL_TO !== undefined || o.ALERT_EMAIL_FROM !== undefined)
  @Transform(toTrimmed)
  @ValidateBy(
    { name: 'isSmtpUrl', validator: { validate: isSmtpUrl } },
    {
      message:
        'SMTP_URL must be smtp://user:pass@host:587 or smtps://user:pass@host:465 (special characters of the password percent-encoded)',
    },
  )
  SMTP_URL?: string;

  @ValidateIf((o: AppEnv) => o.SMTP_URL !== undefined || o.ALERT_EMAIL_FROM !== undefined || o.ALERT_EMAIL_TO !== undefined)
  @Transform(toTrimmed)
  @Matches(/^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/, {
    message: 'ALERT_EMAIL_FROM must be an address such as alerts@example.com or "HireBridge <alerts@example.com>"',
  })
  ALERT_EMAIL_FROM?: string;

  @ValidateIf((o: AppEnv) => o.SMTP_URL !== undefined || o.ALERT_EMAIL_FROM !== undefined || o.ALERT_EMAIL_TO !== undefined)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? splitList(value) : value))
  @IsEmail({}, { each: true, message: 'ALERT_EMAIL_TO must be e-mail addresses, comma separated' })
  @ArrayNotEmpty({ message: 'ALERT_EMAIL_TO must name at least one address' })
  ALERT_EMAIL_TO?: string[];

  /** A generic receiver of signed alerts (Standard Webhooks); needs ALERT_WEBHOOK_SECRET. */
  @ValidateIf((o: AppEnv) => o.ALERT_WEBHOOK_URL !== undefined || o.ALERT_WEBHOOK_SECRET !== undefined)
  @Transform(toTrimmed)
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'ALERT_WEBHOOK_URL must be an http(s) URL' },
  )
  ALERT_WEBHOOK_URL?: string;

  @ValidateIf((o: AppEnv) => o.ALERT_WEBHOOK_URL !== undefined || o.ALERT_WEBHOOK_SECRET !== undefined)
  @Transform(toTrimmed)
  @Matches(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, { message: 'ALERT_WEBHOOK_SECRET must be whsec_ followed by base64 (at least 12 bytes)' })
  ALERT_WEBHOOK_SECRET?: string;

  /** A hire waiting for its HRIS connection this long raises an alert. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_WAITING_MINUTES = 30;

  /** The oldest hire not yet in the HRIS raises an alert once it is this old. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_BACKLOG_MINUTES = 60;

  /** Optional: no delivery from Flatchr for this many days raises an alert. Off when unset. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ALERT_SILENCE_DAYS?: number;

  @IsOptional()
  @IsIn(['silent', 'fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'silent' | 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}
