import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfigService } from '../config/app-config.service';
import { verifyStandardWebhook } from './standard-webhooks-signature';

/** Only when WEBHOOK_SIGNING_SECRET is set: every delivery must be signed (Standard Webhooks). */
@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  private readonly secret: string | null;

  constructor(config: AppConfigService) {
    this.secret = config.webhookSigningSecret;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.secret) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest & { rawBody?: Buffer }>();
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : undefined;
    };
    const check = verifyStandardWebhook(
      this.secret,
      { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') },
      req.rawBody ?? Buffer.alloc(0),
    );
    if (!check.ok) throw new UnauthorizedException(`invalid webhook signature: ${check.reason}`);
    return true;
  }
}
