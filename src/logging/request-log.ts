import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { redactUrl } from './redact-url';

/** Load balancers and scrapers poll these; logging each would drown the deliveries. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * One JSON line per request, written from Fastify's onResponse hook: no Express-style
 * middleware layer and no child logger per request, and nothing built when the level is off.
 * `req.id` is the correlation id (a caller's X-Request-Id, or a new uuid: see requestIdOf).
 */
export function logRequests(fastify: FastifyInstance, root: () => Logger): void {
  // req and res are logged as the plain objects built below, not through the HTTP serializers
  // the root logger has for raw Node requests.
  const plain = (value: unknown) => value;
  let child: Logger | undefined;
  fastify.addHook('onResponse', (req, reply, done) => {
    // The root logger exists once the application has initialised (nestjs-pino builds it then).
    const logger = (child ??= root().child({}, { serializers: { req: plain, res: plain } }));
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (logger.isLevelEnabled(level) && !QUIET_PATHS.has(req.url.split('?', 1)[0])) {
      logger[level](
        {
          req: { id: req.id, method: req.method, url: redactUrl(req.url), remoteAddress: req.ip },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
