import { INestApplicationContext, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { mountDashboardExtras } from './dashboard/dashboard-mount';
import { AppConfigService } from './config/app-config.service';
import { EnvSource, loadAppEnv } from './config/load-config';
import { buildDataSourceOptions } from './database/data-source-options';
import { runMigrationsWithLock } from './database/run-migrations';

export interface StartedApp {
  app: INestApplicationContext;
  /** Base URL of the HTTP server; null in the worker role. */
  url: string | null;
  close(): Promise<void>;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Starts the service as `npm run start:prod` does: validate the configuration, apply pending
 * migrations, then serve HTTP (api role) and/or consume the queue (worker role).
 * Tests call this very function with their own environment.
 */
export async function startApp(env: EnvSource, options: { logger?: false } = {}): Promise<StartedApp> {
  const config = new AppConfigService(loadAppEnv(env));
  const logger = options.logger === false ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);

  await migrate(config.databaseUrl, options.logger !== false);

  if (!config.runsApi) {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { logger, abortOnError: false });
    app.enableShutdownHooks();
    await app.init();
    return { app, url: null, close: () => app.close() };
  }

  const adapter = new FastifyAdapter({
    // Flatchr's deliveries are the only large requests; anything above the limit gets 413 unread.
    bodyLimit: config.webhookBodyLimitBytes,
    // X-Forwarded-For is believed only from listed proxies, so rate limits and the IP allowlist see the real client.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, {
    logger,
    // Throw instead of exiting, so main() reports the error and tests see it.
    abortOnError: false,
    // The raw body is kept only when a signature has to be checked over it.
    rawBody: config.webhookSigningSecret !== null,
  });
  await app.register(helmet);
  // bull-board (/queues) and OpenAPI (/docs) are Fastify plugins: they must be mounted before listen().
  await mountDashboardExtras(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}

async function migrate(databaseUrl: string, log: boolean): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await runMigrationsWithLock(dataSource);
    if (log && applied.length > 0) new Logger('Migrations').log(`Applied: ${applied.join(', ')}`);
  } finally {
    await dataSource.destroy();
  }
}
