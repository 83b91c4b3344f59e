import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfigService } from '../config/app-config.service';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../sync/hire-sync.queue';
import { QueueModule } from '../sync/queue.module';
import { principalOf } from './basic-auth.guard';
import { isCrossSite } from './csrf';

const logger = new Logger('QueueBoard');

const QUEUES_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";
const isQueuesRoute = (req: FastifyRequest) => /^\/queues(\/|$)/.test(req.routeOptions.url ?? '');

/**
 * Mounts what lives beside the Nest controllers: bull-board at /queues and the OpenAPI document
 * at /docs-json. The route gate (http/route-access.ts) already requires the dashboard login for
 * every route they add. Call before `listen()` (Fastify takes no routes after). A no-op when the
 * dashboard is disabled.
 */
export async function mountDashboardExtras(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfigService);
  if (!config.dashboardEnabled) return;
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isQueuesRoute(req) || req.method === 'GET' || req.method === 'HEAD') return;
    // bull-board's own actions (retry, clean, pause...): operators only, and never from another site.
    if (principalOf(req).role !== 'operator' || isCrossSite(req)) {
      return reply.code(403).send({ statusCode: 403, message: 'not allowed for this account or origin' });
    }
  });

  // bull-board's page links a Google font: this policy keeps it (and anything else) off the
  // network, like the dashboard's own pages; its UI falls back to system fonts.
  fastify.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (isQueuesRoute(req)) reply.header('Content-Security-Policy', QUEUES_CSP);
    return payload;
  });

  const board = new BullBoardAdapter();
  board.setBasePath('/queues');
  createBullBoard({
    queues: [new BullMQAdapter(app.select(QueueModule).get<HireSyncQueue>(HIRE_SYNC_QUEUE_TOKEN))],
    serverAdapter: board,
    // Redis and kernel versions help an attacker more than an operator.
    options: { uiConfig: { boardTitle: 'HireBridge queue', hideRedisDetails: true } },
  });
  // bull-board answers a failed action with the error's own message (Lua script errors, paths):
  // the operator gets a plain answer, the details go to the log.
  board.setErrorHandler((error: Error) => {
    logger.error(`Queue board action failed: ${error.message}`);
    return { status: 500, body: { statusCode: 500, message: 'the queue action failed; see the service log' } };
  });
  await app.register(board.registerPlugin(), { prefix: '/queues' });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('HireBridge operator API')
      .setDescription('Sync jobs, deliveries and operator actions. HTTP Basic auth (DASHBOARD_USER / DASHBOARD_PASSWORD).')
      .addBasicAuth()
      .build(),
  );
  // Only the document (/docs-json, /docs-yaml) here; DocsController serves the UI at /docs.
  SwaggerModule.setup('docs', app, document, { ui: false });
}
