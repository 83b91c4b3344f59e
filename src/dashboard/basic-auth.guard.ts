import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEquals } from '../common/constant-time';
import { AppConfigService } from '../config/app-config.service';

/** HTTP Basic auth for the dashboard and its JSON API. */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  constructor(private readonly config: AppConfigService) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const credentials = parseBasic(req.headers.authorization);
    const { user, password } = this.config.dashboard;
    // Both comparisons always run, so timing does not tell which part was wrong.
    const userOk = constantTimeEquals(credentials?.user ?? '', user);
    const passwordOk = constantTimeEquals(credentials?.password ?? '', password);
    if (credentials && userOk && passwordOk) return true;
    http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Basic realm="HireBridge", charset="UTF-8"');
    throw new UnauthorizedException('dashboard credentials required');
  }
}

function parseBasic(header: string | undefined): { user: string; password: string } | null {
  if (!header || !/^Basic\s+/i.test(header)) return null;
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, '').trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
