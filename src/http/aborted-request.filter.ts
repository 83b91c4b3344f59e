import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

/**
 * A body cut off because its connection closed (the client left, or a time-out ended it) is no
 * server error: there is nobody left to answer and no stack worth logging. The time-out itself
 * is logged once a minute per source (client-errors.ts). Everything else goes to Nest's handler.
 */
@Catch()
export class AbortedRequestFilter extends BaseExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest | undefined>();
    if ((exception as { code?: unknown })?.code === 'ECONNRESET' && req?.raw?.destroyed) return;
    super.catch(exception, host);
  }
}
