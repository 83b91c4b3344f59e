import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfigService } from '../config/app-config.service';
import { PRINCIPAL, RequestWithPrincipal, WWW_AUTHENTICATE, authenticate } from '../dashboard/basic-auth.guard';
import { hasValidWebhookToken } from '../webhooks/webhook-token';
import { LoginFailureLimiter } from './login-failure-limiter';

/** Who may call a route: anyone, Flatchr (with the webhook token), or a dashboard account. */
export type RouteAccess = 'public' | 'webhook' | 'dashboard';

/**
 * The routes that answer without the dashboard login, by method and by the route pattern the
 * router matched (never by the URL as spelled). Every other route, including the ones plugins
 * register (bull-board, the OpenAPI document) and any route added later, needs the login.
 */
const OPEN_ROUTES: Record<string, Exclude<RouteAccess, 'dashboard'>> = {
  'GET /health': 'public',
  'HEAD /health': 'public',
  'GET /dashboard/assets/dashboard.js': 'public',
  'HEAD /dashboard/assets/dashboard.js': 'public',
  'GET /dashboard/assets/dashboard.css': 'public',
  'HEAD /dashboard/assets/dashboard.css': 'public',
  'POST /webhooks/flatchr': 'webhook',
};

export function accessOf(method: string, routePattern: string): RouteAccess {
  return OPEN_ROUTES[`${method} ${routePattern}`] ?? 'dashboard';
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

const ROUTE_TABLE = Symbol('routeTable');
type WithRouteTable = FastifyInstance & { [ROUTE_TABLE]?: RegisteredRoute[] };

/** Every route the server registered, with the access it was given (the tests walk it). */
export function registeredRoutes(fastify: FastifyInstance): RegisteredRoute[] {
  return [...((fastify as WithRouteTable)[ROUTE_TABLE] ?? [])];
}

/**
 * Installs the one authentication gate, in Fastify's onRequest hook: it runs after the router has
 * picked the route (so `%71ueues`, `//` or `..` cannot dodge it) and before the body is read (so
 * an anonymous upload costs nothing but its socket). Call before any route is registered.
 */
export function installRouteAccess(fastify: FastifyInstance, config: AppConfigService, failures: LoginFailureLimiter): void {
  const table: RegisteredRoute[] = [];
  (fastify as WithRouteTable)[ROUTE_TABLE] = table;
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access: accessOf(method, route.url) });
  });

  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const pattern = req.routeOptions.url;
    // No route matched: the not-found handler answers 404 and reveals nothing.
    if (pattern === undefined) return;
    const access = accessOf(req.method, pattern);
    if (access === 'public') return;
    if (access === 'webhook') {
      if (!hasValidWebhookToken(req, config.webhookToken)) return unauthorized(reply, 'missing or invalid webhook token');
      return;
    }
    // Without a dashboard there are no accounts to log in with.
    if (!config.dashboardEnabled) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'not found' });

    // A request without credentials is a browser about to ask for them, not a guess: it is neither
    // counted nor looked up.
    if (req.headers.authorization === undefined) return challenge(reply);
    const blockedFor = await failures.blockedFor(req.ip);
    if (blockedFor !== null) {
      return reply
        .code(429)
        .header('Retry-After', String(blockedFor))
        .send({ statusCode: 429, error: 'Too Many Requests', message: 'too many failed logins from this address, retry later' });
    }
    const principal = authenticate(config, req.headers.authorization);
    if (!principal) {
      await failures.recordFailure(req.ip);
      return challenge(reply);
    }
    (req as RequestWithPrincipal)[PRINCIPAL] = principal;
  });
}

function challenge(reply: FastifyReply): FastifyReply {
  reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
  return unauthorized(reply, 'dashboard credentials required');
}

function unauthorized(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message });
}
