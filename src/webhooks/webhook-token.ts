import type { FastifyRequest } from 'fastify';
import { constantTimeEquals } from '../common/constant-time';

/**
 * Flatchr only lets a user configure a URL, so the secret usually comes as `?token=`;
 * `Authorization: Bearer` is accepted for proxies and manual calls. A name sent twice is refused:
 * which copy a proxy or a log would see is not certain.
 */
export function hasValidWebhookToken(req: FastifyRequest, expected: string): boolean {
  const token = tokenFrom(req);
  return token !== null && constantTimeEquals(token, expected);
}

function tokenFrom(req: FastifyRequest): string | null {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const fromQuery = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof fromQuery === 'string' ? fromQuery : null;
}
