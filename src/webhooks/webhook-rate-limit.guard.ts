import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeyedWindowCounter } from '../common/keyed-window-counter';
import { AppConfigService } from '../config/app-config.service';

const MINUTE_MS = 60_000;

/**
 * WEBHOOK_RATE_LIMIT_PER_MINUTE per source IP (`req.ip`: X-Forwarded-For only from
 * TRUSTED_PROXIES), 0 turns it off. A counter of its own rather than @nestjs/throttler, which
 * hashes a key and keeps a timer per request: a tenth of the webhook's CPU under load.
 */
@Injectable()
export class WebhookRateLimitGuard implements CanActivate {
  private readonly counter: KeyedWindowCounter | null;

  constructor(config: AppConfigService) {
    const limit = config.rateLimits.webhookPerMinute;
    this.counter = limit > 0 ? new KeyedWindowCounter(limit, MINUTE_MS) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.counter) return true;
    const http = context.switchToHttp();
    const verdict = this.counter.hit(http.getRequest<FastifyRequest>().ip);
    if (verdict.allowed) return true;
    void http.getResponse<FastifyReply>().header('retry-after', String(verdict.retryAfterSeconds));
    throw new HttpException(
      { statusCode: 429, error: 'Too Many Requests', message: 'too many deliveries from this address, retry later' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
