import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger, Logger as PinoNestLogger } from 'nestjs-pino';
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
import { listenStartupError, postgresStartupError } from './startup/startup-error';

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

  const adapter = new FastifyAdapter({
    // Flatchr's deliveries are the only large requests; anything above the limit gets 413 unread.
    bodyLimit: config.webhookBodyLimitBytes,
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
  logRequests(app.getHttpAdapter().getInstance(), PinoLogger.root);
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
