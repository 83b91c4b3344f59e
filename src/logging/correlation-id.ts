import type { FastifyRequest } from 'fastify';

/** The id Fastify gave this request (a caller's X-Request-Id, or a new uuid: see requestIdOf). */
export function correlationIdOf(req: FastifyRequest): string {
  return String(req.id);
}
