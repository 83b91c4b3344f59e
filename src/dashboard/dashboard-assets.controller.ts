import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DASHBOARD_CSS, DASHBOARD_CSS_ETAG, DASHBOARD_JS, DASHBOARD_JS_ETAG } from './dashboard-assets';

/** The dashboard's script and stylesheet: public (no data in them), cacheable, revalidated by ETag. */
@ApiExcludeController()
@Controller('dashboard/assets')
export class DashboardAssetsController {
  @Get('dashboard.js')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  script(@Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return serve(reply, inm, DASHBOARD_JS, DASHBOARD_JS_ETAG, 'text/javascript; charset=utf-8');
  }

  @Get('dashboard.css')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  styles(@Headers('if-none-match') inm: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return serve(reply, inm, DASHBOARD_CSS, DASHBOARD_CSS_ETAG, 'text/css; charset=utf-8');
  }
}

function serve(reply: FastifyReply, inm: string | undefined, body: string, etag: string, type: string): string {
  reply.header('ETag', etag);
  reply.header('Content-Type', type);
  if (inm === etag) {
    reply.status(304);
    return '';
  }
  return body;
}
