import type { FastifyRequest } from 'fastify';

/** The id the request logger gave this request (a caller's X-Request-Id, or a new uuid). */
export function correlationIdOf(req: FastifyRequest): string | undefined {
  const id = (req.raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
