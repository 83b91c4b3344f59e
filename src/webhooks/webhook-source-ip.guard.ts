import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { BlockList } from 'node:net';
import { ipMatches, parseIpList } from '../common/ip-list';
import { AppConfigService } from '../config/app-config.service';

/**
 * Optional: only listed source IPs may deliver. `req.ip` honours X-Forwarded-For only from
 * TRUSTED_PROXIES (Fastify's trustProxy), so a client cannot spoof its way in.
 */
@Injectable()
export class WebhookSourceIpGuard implements CanActivate {
  private readonly allowed: BlockList | null;

  constructor(config: AppConfigService) {
    const entries = config.webhookAllowedIps;
    this.allowed = entries.length > 0 ? parseIpList(entries, 'WEBHOOK_ALLOWED_IPS') : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.allowed) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (ipMatches(this.allowed, req.ip)) return true;
    throw new ForbiddenException('source address not allowed');
  }
}
