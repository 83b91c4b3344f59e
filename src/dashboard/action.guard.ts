import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { principalOf } from './basic-auth.guard';
import { CsrfService } from './csrf';

/**
 * In front of every action (retry, replay): read-only users get 403, and so does a request
 * without CSRF proof. Runs after BasicAuthGuard, which identifies the caller.
 */
@Injectable()
export class ActionGuard implements CanActivate {
  constructor(private readonly csrf: CsrfService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = principalOf(req);
    if (principal.role !== 'operator') throw new ForbiddenException('read-only dashboard account: actions are not allowed');
    if (!this.csrf.check(req, principal.user)) throw new ForbiddenException('missing or invalid CSRF token');
    return true;
  }
}
