import { AppEnv, AppRole } from './env.schema';

export interface AlertsConfig {
  slackWebhookUrl: string | null;
  email: { smtpUrl: string; from: string; to: string[] } | null;
  webhook: { url: string; secret: string } | null;
  waitingMinutes: number;
  backlogMinutes: number;
  /** Days without a Flatchr delivery before an alert; null: the rule is off. */
  silenceDays: number | null;
}

/** Typed, read-only view of the validated environment. Nothing else in the service reads the environment. */
export class AppConfigService {
  constructor(
    private readonly env: AppEnv,
    /** The raw variables, for `${VAR}` in CONNECTIONS_FILE only. */
    private readonly raw: Readonly<Record<string, string | undefined>> = {},
  ) {}

  get nodeEnv(): AppEnv['NODE_ENV'] {
    return this.env.NODE_ENV;
  }
  get port(): number {
    return this.env.PORT;
  }
  get host(): string {
    return this.env.HOST;
  }
  get role(): AppRole {
    return this.env.APP_ROLE;
  }
  get runsApi(): boolean {
    return this.env.APP_ROLE !== 'worker';
  }
  get runsWorker(): boolean {
    return this.env.APP_ROLE !== 'api';
  }
  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }
  get redisUrl(): string {
    return this.env.REDIS_URL;
  }
  get queuePrefix(): string {
    return this.env.QUEUE_PREFIX;
  }
  get webhookToken(): string {
    return this.env.WEBHOOK_TOKEN;
  }
  get webhookBodyLimitBytes(): number {
    return this.env.WEBHOOK_BODY_LIMIT_BYTES;
  }
  get webhookSigningSecret(): string | null {
    return this.env.WEBHOOK_SIGNING_SECRET ?? null;
  }
  get webhookAllowedIps(): string[] {
    return splitList(this.env.WEBHOOK_ALLOWED_IPS);
  }
  get trustedProxies(): string[] {
    return splitList(this.env.TRUSTED_PROXIES);
  }
  get rateLimits(): { webhookPerMinute: number; dashboardPerMinute: number } {
    return {
      webhookPerMinute: this.env.WEBHOOK_RATE_LIMIT_PER_MINUTE,
      dashboardPerMinute: this.env.DASHBOARD_RATE_LIMIT_PER_MINUTE,
    };
  }
  get retentionDays(): number {
    return this.env.RETENTION_DAYS;
  }
  /** Column ids and titles (compared case-insensitively) that count as hired. */
  get hiredColumns(): string[] {
    return splitList(this.env.HIRED_COLUMN_IDS);
  }
  /** The default connection from SIRH_BASE_URL/SIRH_API_KEY; null when they are not set. */
  get defaultSirh(): { baseUrl: string; apiKey: string } | null {
    if (!this.env.SIRH_BASE_URL || !this.env.SIRH_API_KEY) return null;
    return { baseUrl: this.env.SIRH_BASE_URL.replace(/\/+$/, ''), apiKey: this.env.SIRH_API_KEY };
  }
  /** Time-out of every HRIS call. */
  get hrisTimeoutMs(): number {
    return this.env.SIRH_TIMEOUT_MS;
  }
  get credentialsKeys(): { current: string | null; previous: string | null } {
    return { current: this.env.CREDENTIALS_KEY ?? null, previous: this.env.CREDENTIALS_KEY_PREVIOUS ?? null };
  }
  get connectionsFile(): string | null {
    return this.env.CONNECTIONS_FILE ?? null;
  }
  /** A variable of the environment, for `${VAR}` in CONNECTIONS_FILE. */
  variable(name: string): string | undefined {
    return this.raw[name];
  }
  get sync(): { maxAttempts: number; backoffMs: number; concurrency: number; lockDurationMs: number } {
    return {
      maxAttempts: this.env.SYNC_MAX_ATTEMPTS,
      backoffMs: this.env.SYNC_BACKOFF_MS,
      concurrency: this.env.SYNC_CONCURRENCY,
      lockDurationMs: this.env.SYNC_LOCK_DURATION_MS,
    };
  }
  get reconcileIntervalMs(): number {
    return this.env.RECONCILE_INTERVAL_MS;
  }
  /** Flatchr's REST API origin (FLATCHR_API_URL). */
  get flatchrApiUrl(): string {
    return this.env.FLATCHR_API_URL;
  }
  /** 0: no catch-up. */
  get flatchrCatchUpIntervalMs(): number {
    return this.env.FLATCHR_CATCHUP_INTERVAL_MS;
  }
  get contractTypeMap(): string {
    return this.env.CONTRACT_TYPE_MAP;
  }
  get dashboardEnabled(): boolean {
    return this.env.DASHBOARD_ENABLED;
  }
  get dashboard(): { user: string; password: string } {
    return { user: this.env.DASHBOARD_USER, password: this.env.DASHBOARD_PASSWORD };
  }
  /** Read-only dashboard account, or null when not configured. */
  get dashboardReadonly(): { user: string; password: string } | null {
    const { DASHBOARD_READONLY_USER: user, DASHBOARD_READONLY_PASSWORD: password } = this.env;
    return user && password ? { user, password } : null;
  }
  get httpTimeouts(): { requestMs: number; headersMs: number; keepAliveMs: number } {
    const requestMs = this.env.HTTP_REQUEST_TIMEOUT_MS;
    // Node refuses a headers time-out longer than the request time-out.
    return {
      requestMs,
      headersMs: Math.min(this.env.HTTP_HEADERS_TIMEOUT_MS, requestMs),
      keepAliveMs: this.env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    };
  }
  get loginFailures(): { limit: number; windowSeconds: number } {
    return { limit: this.env.LOGIN_FAILURE_LIMIT, windowSeconds: this.env.LOGIN_FAILURE_WINDOW_SECONDS };
  }
  /** The dashboard's public address without a trailing slash, or null when not configured. */
  get publicUrl(): string | null {
    return this.env.PUBLIC_URL ? this.env.PUBLIC_URL.replace(/\/+$/, '') : null;
  }
  /** Alert channels (null when not configured) and the thresholds of the alert rules. */
  get alerts(): AlertsConfig {
    const e = this.env;
    return {
      slackWebhookUrl: e.ALERT_SLACK_WEBHOOK_URL ?? null,
      email:
        e.SMTP_URL && e.ALERT_EMAIL_FROM && e.ALERT_EMAIL_TO
          ? { smtpUrl: e.SMTP_URL, from: e.ALERT_EMAIL_FROM, to: e.ALERT_EMAIL_TO }
          : null,
      webhook: e.ALERT_WEBHOOK_URL && e.ALERT_WEBHOOK_SECRET ? { url: e.ALERT_WEBHOOK_URL, secret: e.ALERT_WEBHOOK_SECRET } : null,
      waitingMinutes: e.ALERT_WAITING_MINUTES,
      backlogMinutes: e.ALERT_BACKLOG_MINUTES,
      silenceDays: e.ALERT_SILENCE_DAYS ?? null,
    };
  }
  get logLevel(): AppEnv['LOG_LEVEL'] {
    return this.env.LOG_LEVEL;
  }
  /** IANA zone of the dashboard's times. */
  get displayTimeZone(): string {
    return this.env.DISPLAY_TIMEZONE;
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
