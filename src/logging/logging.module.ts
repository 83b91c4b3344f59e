import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfigService } from '../config/app-config.service';

const PINO_LEVELS = {
  silent: 'silent',
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const;

export function toPinoLevel(level: keyof typeof PINO_LEVELS): (typeof PINO_LEVELS)[keyof typeof PINO_LEVELS] {
  return PINO_LEVELS[level];
}

/** A caller's X-Request-Id is kept when it looks like an id, so a delivery can be followed from a proxy's logs. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * JSON logs (pino): one line per request and per event, with the request id as correlation id
 * (the sync worker logs it too, and sends it to the SIRH). Secrets are redacted.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => ({
        // No HTTP middleware: requests are logged by a Fastify hook (request-log.ts), which costs far
        // less per request than pino-http behind Fastify's Express-style middleware layer.
        forRoutes: [],
        pinoHttp: [
          {
            level: toPinoLevel(config.logLevel),
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["webhook-signature"]', '*.apiKey', '*.token'],
              censor: '[REDACTED]',
            },
          },
          // Asynchronous writes keep logging off the request's critical path.
          pino.destination({ sync: false }),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
