import { Controller, Get, NotFoundException, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ThrottlerGuard } from '@nestjs/throttler';
import { BasicAuthGuard } from './basic-auth.guard';

/** Swagger UI's files, read once from swagger-ui-dist (bundled with the service, never a CDN). */
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};
const cache = new Map<string, string>();
function uiFile(name: string): string {
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(join(dirname(require.resolve('swagger-ui-dist/package.json')), name), 'utf8');
    cache.set(name, body);
  }
  return body;
}

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>HireBridge API</title>
<link rel="stylesheet" href="/docs/ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/ui/swagger-ui-bundle.js"></script><script src="/docs/ui/init.js"></script></body></html>`;

/**
 * Swagger UI at /docs for the OpenAPI document SwaggerModule serves at /docs-json. Served here
 * rather than by SwaggerModule's UI, which needs @fastify/static (ESM-only dependencies that the
 * test runner cannot load), and so that it sits behind the dashboard's auth like the rest.
 */
@ApiExcludeController()
@Controller('docs')
// Counted against the operators' per-IP limit (DASHBOARD_RATE_LIMIT_PER_MINUTE), before credentials are checked.
@UseGuards(ThrottlerGuard, BasicAuthGuard)
export class DocsController {
  @Get()
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    reply.header('Content-Type', 'text/html; charset=utf-8');
    // Swagger UI sets inline styles on its elements; scripts stay 'self' only.
    reply.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    return PAGE;
  }

  @Get('ui/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    if (file === 'init.js') {
      reply.header('Content-Type', 'text/javascript; charset=utf-8');
      return INIT_JS;
    }
    const type = UI_FILES[file];
    if (!type) throw new NotFoundException();
    reply.header('Content-Type', type);
    reply.header('Cache-Control', 'public, max-age=3600');
    return uiFile(file);
  }
}
