import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger, Logger as PinoNestLogger } from 'nestjs-pino';
import IORedis from 'ioredis';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { mountDashboardExtras } from './dashboard/dashboard-mount';
import { AppConfigService } from './config/app-config.service';
import { EnvSource, loadAppEnv } from './config/load-config';
import { buildDataSourceOptions } from './database/data-source-options';
import { runMigrationsWithLock } from './database/run-migrations';
import { requestIdOf, toPinoLevel } from './logging/logging.module';
import { logRequests } from './logging/request-log';
import { AbortedRequestFilter } from './http/aborted-request.filter';
import { clientErrorHandler } from './http/client-errors';
import { LoginFailureLimiter } from './http/login-failure-limiter';
import { installRouteAccess } from './http/route-access';
import { answerErrorsAfterTheBody } from './http/unread-body';
import { listenStartupError, postgresStartupError } from './startup/startup-error';
import { QueueModule } from './sync/queue.module';
import { QUEUE_REDIS } from './sync/redis-connection';

const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;
/** How much of a refused body is read (and thrown away) so the client can read the answer. */
const DISCARD_LIMIT_BYTES = 64 * 1024 * 1024;

export interface StartedApp {
  app: INestApplicationContext;
  /** Base URL of the HTTP server; null in the worker role. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * Starts the service as `npm run start:prod` does: validate the configuration, apply pending
 * migrations, then serve HTTP (api role) and/or consume the queue (worker role).
 * Tests call this very function with their own environment.
 */
export async function startApp(env: EnvSource): Promise<StartedApp> {
  const config = new AppConfigService(loadAppEnv(env));

  await migrate(config.databaseUrl, config.logLevel).catch((err: unknown) => {
    throw postgresStartupError(err, config.databaseUrl);
  });

  // Logs are buffered until the JSON (pino) logger is in place, so every line has the same shape.
  const common = { bufferLogs: true, abortOnError: false } as const;
  if (!config.runsApi) {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), common);
    app.useLogger(app.get(PinoNestLogger));
    app.enableShutdownHooks();
    await app.init();
    return { app, url: null, close: () => app.close() };
  }

  const timeouts = config.httpTimeouts;
  const adapter = new FastifyAdapter({
    // Flatchr's deliveries are the only large requests; anything above the limit gets 413.
    bodyLimit: config.webhookBodyLimitBytes,
    // Slow or stalled clients are cut off whoever they are: a whole request within requestTimeout,
    // its headers within headersTimeout, an idle keep-alive connection after keepAliveTimeout.
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // Node checks these deadlines every connectionsCheckingInterval (30 s by default, which would
    // let a stalled request live up to twice its time-out).
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
    clientErrorHandler: clientErrorHandler(() => PinoLogger.root),
    // X-Forwarded-For is believed only from listed proxies, so rate limits and the IP allowlist see the real client.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    // One request id for Fastify and the request logger: the caller's X-Request-Id or a new uuid.
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, {
    // abortOnError false: throw instead of exiting, so main() reports the error and tests see it.
    ...common,
    // The request's bytes: signatures are checked over them, and the webhook stores them as received.
    rawBody: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  const fastify = app.getHttpAdapter().getInstance();
  // Before any route exists, so that every route, whoever registers it, is behind the gate.
  installRouteAccess(
    fastify,
    config,
    new LoginFailureLimiter(app.select(QueueModule).get<IORedis>(QUEUE_REDIS), { ...config.loginFailures, keyPrefix: config.queuePrefix }),
  );
  app.useGlobalFilters(new AbortedRequestFilter(app.getHttpAdapter()));
  answerErrorsAfterTheBody(fastify, Math.max(DISCARD_LIMIT_BYTES, 4 * config.webhookBodyLimitBytes));
  logRequests(fastify, () => PinoLogger.root);
  // Security headers matter for the dashboard's pages; the webhook opts out (RouteConfig).
  await app.register(helmet);
  // bull-board (/queues) and OpenAPI (/docs) are Fastify plugins: they must be mounted before listen().
  await mountDashboardExtras(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host).catch(async (err: unknown) => {
    // Workers and queue connections are already up: close them so main() can exit cleanly.
    await app.close().catch(() => undefined);
    throw listenStartupError(err, config.host, config.port);
  });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}

async function migrate(databaseUrl: string, level: AppConfigService['logLevel']): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await runMigrationsWithLock(dataSource);
    // Nest's logger does not exist yet: the same JSON shape, straight from pino.
    if (applied.length > 0) pino({ level: toPinoLevel(level) }).info({ context: 'Migrations', applied }, 'Applied migrations');
  } finally {
    await dataSource.destroy();
  }
}
