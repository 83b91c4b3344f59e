import type { FastifyReply } from 'fastify';

/**
 * Strict policy for dashboard pages: only our own script and stylesheet, no inline code, no
 * network access elsewhere, no framing. Candidate data is escaped anyway; this is the second wall.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function setDashboardHeaders(reply: FastifyReply, contentType = 'text/html; charset=utf-8'): void {
  reply.header('Content-Type', contentType);
  reply.header('Content-Security-Policy', DASHBOARD_CSP);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with the page's own
  // form posts, which the CSRF check refuses as cross-site. URLs still never leave the site.
  reply.header('Referrer-Policy', 'same-origin');
  // Personal data: never kept by the browser or a proxy.
  reply.header('Cache-Control', 'no-store');
}
