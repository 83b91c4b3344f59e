import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfigService } from '../config/app-config.service';
import { HIRE_SYNC_QUEUE_TOKEN, HireSyncQueue } from '../sync/hire-sync.queue';
import { authenticate, WWW_AUTHENTICATE } from './basic-auth.guard';

/** Paths served by third-party plugins (not Nest controllers), guarded by a Fastify hook instead. */
const QUEUES_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";
const PLUGIN_PATHS = /^\/(queues(\/|$)|docs-json|docs-yaml)/;

/**
 * Mounts what lives beside the Nest controllers: bull-board at /queues and the OpenAPI document
 * at /docs-json, both behind the dashboard's Basic auth. Call before `listen()` (Fastify takes no
 * routes after). A no-op when the dashboard is disabled.
 */
export async function mountDashboardExtras(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfigService);
  if (!config.dashboardEnabled) return;

  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split('?')[0];
      if (!PLUGIN_PATHS.test(path)) return;
      const principal = authenticate(config, req.headers.authorization);
      if (!principal) {
        return reply.code(401).header('WWW-Authenticate', WWW_AUTHENTICATE).send({ statusCode: 401, message: 'dashboard credentials required' });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        // bull-board's own actions (retry, clean, ...): operators only, and never from another site.
        const crossSite = req.headers['sec-fetch-site'] === 'cross-site' || !sameOrigin(req);
        if (principal.role !== 'operator' || crossSite) {
          return reply.code(403).send({ statusCode: 403, message: 'not allowed for this account or origin' });
        }
      }
    });

  // bull-board's page links a Google font: this policy keeps it (and anything else) off the
  // network, like the dashboard's own pages; its UI falls back to system fonts.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (/^\/queues(\/|$)/.test(req.url)) reply.header('Content-Security-Policy', QUEUES_CSP);
      return payload;
    });

  const board = new BullBoardAdapter();
  board.setBasePath('/queues');
  createBullBoard({
    queues: [new BullMQAdapter(app.get<HireSyncQueue>(HIRE_SYNC_QUEUE_TOKEN, { strict: false }))],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'HireBridge queue' } },
  });
  await app.register(board.registerPlugin() as any, { prefix: '/queues' });

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

function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
