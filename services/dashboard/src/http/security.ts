import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VaktError, isVaktError } from '@vakt/errors/vakt-error';
import type { VaktErrorCode } from '@vakt/errors/codes';
import { hasRole, type Authenticate, type Principal } from '../auth/principal.js';
import type { SessionCodec } from '../auth/session.js';
import type { Role } from '../auth/users.js';
import type { Logger } from '../deps.js';

/** Who may call a route: 'public' (health, login page) or the minimum role. Default: viewer. */
export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const STATUS: Partial<Record<VaktErrorCode, number>> = {
  VAKT_REQUEST_INVALID: 400,
  VAKT_QUERY_PARSE: 400,
  VAKT_SCHEMA_INVALID: 400,
  VAKT_UNAUTHORIZED: 401,
  VAKT_FORBIDDEN: 403,
  VAKT_NOT_FOUND: 404,
  VAKT_PAYLOAD_TOO_LARGE: 413,
  VAKT_RATE_LIMITED: 429,
  VAKT_CLICKHOUSE_UNAVAILABLE: 503,
  VAKT_CLICKHOUSE_QUERY: 503,
};

/**
 * Strict CSP: scripts and styles only from our own origin, so an injected `<script>` or inline handler cannot run
 * even if escaping failed somewhere. `connect-src` names the websocket origin explicitly for browsers that do not
 * map 'self' to ws(s).
 */
export function contentSecurityPolicy(publicUrl: string): string {
  const u = new URL(publicUrl);
  const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// Paths a logged-out browser needs to render the login page; nothing else is anonymous except /healthz.
const ANONYMOUS_STATIC = /^\/(login(\.html)?|assets\/login-[A-Za-z0-9_-]+\.(js|css)|favicon\.svg)$/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Installs security headers, authentication, role checks, CSRF/Origin checks and the error handler. */
export function installSecurity(
  app: FastifyInstance,
  opts: { authenticate: Authenticate; codec: SessionCodec; publicUrl: string; log: Logger },
): void {
  const csp = contentSecurityPolicy(opts.publicUrl);
  const origin = new URL(opts.publicUrl).origin;

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cache-control', 'no-store');
  });

  // preParsing: after the rate limit (onRequest), before the body is read, parsed or validated, so an anonymous
  // caller learns 401 and nothing about what a valid body looks like. It runs on the route the router matched, so
  // no spelling of a URL skips it; the anonymous static paths are matched on the raw URL, which only narrows them.
  app.addHook('preParsing', async (req: FastifyRequest, reply: FastifyReply, payload) => {
    await authorise(req, reply);
    return payload;
  });

  const authorise = async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const access: Access = req.routeOptions.config.access ?? 'viewer';
    const path = req.url.split('?')[0] ?? '';
    if (access === 'public' || (req.method === 'GET' && ANONYMOUS_STATIC.test(path))) return;
    const principal = await opts.authenticate({ cookie: req.headers.cookie, authorization: req.headers.authorization });
    if (!principal) {
      // A browser navigating to a page gets the login page; API clients get a 401 they can act on.
      if (req.method === 'GET' && !path.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html')) {
        return reply.redirect('/login', 302);
      }
      throw new VaktError('VAKT_UNAUTHORIZED', 'authentication required');
    }
    req.principal = principal;
    if (principal.kind === 'user' && UNSAFE.has(req.method)) {
      // SameSite=Strict already keeps the cookie off cross-site requests; the Origin and CSRF header checks are the
      // second layer (OWASP CSRF cheat sheet: "defense in depth").
      const o = req.headers.origin;
      if (o !== undefined && o !== origin) throw new VaktError('VAKT_FORBIDDEN', 'cross-origin request refused');
      const header = req.headers['x-csrf-token'];
      if (
        !principal.session ||
        !opts.codec.checkCsrf(principal.session, typeof header === 'string' ? header : undefined)
      ) {
        throw new VaktError('VAKT_FORBIDDEN', 'missing or wrong x-csrf-token header');
      }
    }
    if (!hasRole(principal, access)) throw new VaktError('VAKT_FORBIDDEN', `this action needs the ${access} role`);
    return undefined;
  };

  app.setErrorHandler((error: unknown, req, reply) => {
    const e = error as { validation?: unknown; statusCode?: number; message?: string; code?: string };
    let ve: VaktError;
    if (isVaktError(error)) ve = error;
    else if (e.validation) ve = new VaktError('VAKT_REQUEST_INVALID', e.message ?? 'invalid request');
    else if (e.statusCode === 429) ve = new VaktError('VAKT_RATE_LIMITED', e.message ?? 'rate limited');
    else if (e.statusCode === 413) ve = new VaktError('VAKT_PAYLOAD_TOO_LARGE', 'request body too large');
    else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // fastify's own client errors (bad JSON, wrong content type): the message is safe and tells what is wrong.
      ve = new VaktError('VAKT_REQUEST_INVALID', e.message ?? 'bad request');
    } else ve = new VaktError('VAKT_INTERNAL', 'internal error', { cause: error });
    // fastify's own 4xx (415 wrong content type, 413 too large) keep their precise status.
    const own =
      !isVaktError(error) && e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : undefined;
    const status = own ?? STATUS[ve.code] ?? 500;
    if (status >= 500)
      opts.log.error({ code: ve.code, route: req.routeOptions.url, err: (error as Error).name }, 'request failed');
    reply.status(status).send({ error: { code: ve.code, message: ve.message, hint: ve.hint } });
  });
}
