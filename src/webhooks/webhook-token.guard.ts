import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { constantTimeEquals } from '../common/constant-time';
import { AppConfigService } from '../config/app-config.service';

/**
 * Flatchr only lets a user configure a URL, so the secret usually comes as `?token=`;
 * `Authorization: Bearer` is accepted for proxies and manual calls.
 */
@Injectable()
export class WebhookTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfigService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const token = tokenFrom(req);
    if (token === null || !constantTimeEquals(token, this.config.webhookToken)) {
      throw new UnauthorizedException('missing or invalid webhook token');
    }
    return true;
  }
}

function tokenFrom(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const query = req.query as Record<string, unknown> | undefined;
  const fromQuery = query?.token;
  if (typeof fromQuery === 'string') return fromQuery;
  return null;
}
