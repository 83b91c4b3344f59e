import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEquals } from '../common/constant-time';
import { AppConfigService } from '../config/app-config.service';

export type DashboardRole = 'operator' | 'readonly';
export interface DashboardPrincipal {
  user: string;
  role: DashboardRole;
}

/** Where the guard leaves who is calling, for controllers and the action guard. */
export const PRINCIPAL = Symbol('dashboardPrincipal');
export type RequestWithPrincipal = FastifyRequest & { [PRINCIPAL]?: DashboardPrincipal };

/**
 * Checks HTTP Basic credentials against the operator account and, when configured, the
 * read-only account. Called by the route gate (http/route-access.ts) for every route that needs a login.
 */
export function authenticate(config: AppConfigService, header: string | undefined): DashboardPrincipal | null {
  const credentials = parseBasic(header);
  const given = credentials ?? { user: '', password: '' };
  const accounts: Array<{ user: string; password: string; role: DashboardRole }> = [{ ...config.dashboard, role: 'operator' }];
  const ro = config.dashboardReadonly;
  if (ro) accounts.push({ ...ro, role: 'readonly' });
  let found: DashboardPrincipal | null = null;
  for (const account of accounts) {
    // Both comparisons always run, for every account, so timing does not tell which part was wrong.
    const userOk = constantTimeEquals(given.user, account.user ?? '');
    const passwordOk = constantTimeEquals(given.password, account.password ?? '');
    if (credentials && userOk && passwordOk && !found) found = { user: account.user, role: account.role };
  }
  return found;
}

export const WWW_AUTHENTICATE = 'Basic realm="HireBridge", charset="UTF-8"';

/**
 * Lets a controller's handler run only for a caller the route gate (http/route-access.ts) has
 * identified; it never authenticates on its own, so a route the gate does not cover fails closed.
 */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    if (http.getRequest<RequestWithPrincipal>()[PRINCIPAL]) return true;
    http.getResponse<FastifyReply>().header('WWW-Authenticate', WWW_AUTHENTICATE);
    throw new UnauthorizedException('dashboard credentials required');
  }
}

export function principalOf(req: FastifyRequest): DashboardPrincipal {
  const p = (req as RequestWithPrincipal)[PRINCIPAL];
  if (!p) throw new UnauthorizedException('dashboard credentials required');
  return p;
}

function parseBasic(header: string | undefined): { user: string; password: string } | null {
  if (!header || !/^Basic\s+/i.test(header)) return null;
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, '').trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
