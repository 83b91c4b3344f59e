import { createHash, createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { constantTimeEquals } from '../common/constant-time';
import { AppConfigService } from '../config/app-config.service';

/** Tokens expire so that one copied from a page does not work forever. */
const TOKEN_TTL_MS = 12 * 3600 * 1000;
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * A write from another site: a cross-site Sec-Fetch-Site, or an Origin that is not this host.
 * `Origin: null` (sandboxed frames, data: URLs, some redirects) cannot be vouched for, so it counts as cross-site.
 */
export function isCrossSite(req: FastifyRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/**
 * Stateless CSRF tokens for the dashboard's POST actions. Basic auth has no session and browsers
 * resend its credentials on any cross-site request, so every action needs proof that it came
 * from one of our pages: an HMAC of the user and a timestamp, keyed by the dashboard secrets
 * (all API replicas derive the same key; changing a password invalidates outstanding tokens).
 */
@Injectable()
export class CsrfService {
  private readonly key: Buffer;

  constructor(config: AppConfigService) {
    const ro = config.dashboardReadonly;
    this.key = createHash('sha256')
      .update(`hirebridge-csrf\0${config.dashboard.user}\0${config.dashboard.password}\0${ro?.user ?? ''}\0${ro?.password ?? ''}`)
      .digest();
  }

  issue(user: string, now = Date.now()): string {
    const ts = now.toString(36);
    return `${ts}.${this.sign(user, ts)}`;
  }

  verify(user: string, token: unknown, now = Date.now()): boolean {
    if (typeof token !== 'string') return false;
    const [ts, mac] = token.split('.');
    if (!ts || !mac) return false;
    const issued = parseInt(ts, 36);
    if (!Number.isFinite(issued) || issued > now + 60_000 || now - issued > TOKEN_TTL_MS) return false;
    return constantTimeEquals(mac, this.sign(user, ts));
  }

  /**
   * A POST is accepted with a valid token (form field or header), or, for API clients such as
   * curl, with a JSON body: browsers cannot send that cross-site without a CORS preflight, which
   * this service never allows. A cross-site Origin or Sec-Fetch-Site is refused either way.
   */
  check(req: FastifyRequest, user: string): boolean {
    if (isCrossSite(req)) return false;
    // No form can send these methods, and a cross-site script needs a CORS preflight, which this service never grants.
    if (PREFLIGHTED_METHODS.has(req.method)) return true;
    const body = req.body as Record<string, unknown> | undefined;
    const token = req.headers[CSRF_HEADER] ?? (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined);
    if (this.verify(user, token)) return true;
    return token === undefined && /^application\/json\b/i.test(req.headers['content-type'] ?? '');
  }

  private sign(user: string, ts: string): string {
    return createHmac('sha256', this.key).update(`${user}\0${ts}`).digest('base64url');
  }
}

const PREFLIGHTED_METHODS = new Set(['PATCH', 'PUT', 'DELETE']);
