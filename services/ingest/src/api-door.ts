import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VaktError } from '@vakt/errors/vakt-error';
import { tokenClients } from '@vakt/pipeline/http-auth';

/** Media types of a mention body. None is a CORS "simple" type, so a browser must ask first (and gets no answer). */
export const BODY_MEDIA_TYPES = ['application/json', 'application/x-ndjson', 'application/ndjson'] as const;

export interface ApiDoorOptions {
  /** Empty: no token needed (loopback deployments); every address is then its own client. */
  apiTokens: readonly string[];
  rateLimitPerMinute: number;
  /** Origins whose pages may call the API; any other `Origin` header is refused. */
  allowedOrigins: readonly string[];
}

/**
 * The checks every ingest API route runs in its `onRequest` hook, on the route the router matched (so no URL
 * spelling skips them) and before a byte of the body is read or decompressed, in this order:
 *
 * 1. Who is calling: the token's client name, or with no tokens configured the address.
 * 2. Rate limit per client; a caller without a valid token is limited per address, so varying fake tokens or
 *    rewriting a real one's header does not open a fresh budget (429 with Retry-After).
 * 3. No valid token: 401, before anything about the body is checked or answered.
 * 4. A foreign `Origin`: 403. Every browser request that can carry a body sends `Origin`; servers and log shippers
 *    do not. "Foreign" is anything not in the allowed list, the ingest's own host included: after DNS rebinding a
 *    hostile page *is* same-host, so the Host header proves nothing.
 * 5. A body that is not JSON or NDJSON: 415. `text/plain`, forms and multipart are what a page can send
 *    cross-site without a CORS preflight.
 */
export function apiDoor(
  scope: FastifyInstance,
  o: ApiDoorOptions,
): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const identify = tokenClients(o.apiTokens);
  const allowed = new Set(o.allowedOrigins.map(originOf));
  const keys = new WeakMap<FastifyRequest, string>();
  const limit = scope.createRateLimit({
    max: o.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => keys.get(req) ?? `address ${req.ip}`,
  });

  return async (req, reply) => {
    const client = o.apiTokens.length === 0 ? `address ${req.ip}` : identify(req.headers.authorization);
    keys.set(req, client ?? `unauthenticated from ${req.ip}`);
    const budget = await limit(req);
    if (!budget.isAllowed && budget.isExceeded) {
      reply.header('retry-after', budget.ttlInSeconds);
      const who = client ? 'this client' : 'this address without a valid API token';
      throw new VaktError(
        'VAKT_RATE_LIMITED',
        `more than ${budget.max} requests per minute from ${who}; retry after ${budget.ttlInSeconds} s`,
      );
    }
    if (!client) {
      // RFC 6750 §3: a 401 names the scheme it wants.
      reply.header('www-authenticate', 'Bearer realm="vakt-ingest"');
      throw new VaktError(
        'VAKT_UNAUTHORIZED',
        'missing or invalid API token (Authorization: Bearer <one of VAKT_INGEST_TOKENS>)',
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) {
      throw new VaktError(
        'VAKT_FORBIDDEN',
        `requests from web pages are refused (Origin ${origin.slice(0, 100)}); list the page's origin in VAKT_INGEST_ALLOWED_ORIGINS to allow it`,
      );
    }
    if (req.method === 'POST') {
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (!(BODY_MEDIA_TYPES as readonly string[]).includes(type)) {
        throw new VaktError(
          'VAKT_REQUEST_INVALID',
          `Content-Type ${type ? `"${type.slice(0, 80)}"` : 'missing'}: send application/json or application/x-ndjson`,
          { context: { httpStatus: 415 } },
        );
      }
    }
  };
}

/** An allowed-origins entry as browsers send it (`scheme://host[:port]`, default port dropped); a bad one is a config error. */
function originOf(entry: string): string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `VAKT_INGEST_ALLOWED_ORIGINS: expected scheme://host[:port], got "${entry}"`,
    );
  }
  if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `VAKT_INGEST_ALLOWED_ORIGINS: expected scheme://host[:port] with no path, got "${entry}"`,
    );
  }
  return url.origin;
}
