import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { VaktError } from '@vakt/errors/vakt-error';
import type { App } from '@vakt/runtime/app';
import type { DashboardDeps, DashboardOptions } from './deps.js';
import { SessionCodec } from './auth/session.js';
import { createAuthenticator } from './auth/principal.js';
import { DEFAULT_FAILURE_LIMITS, FailureThrottle } from './auth/login-throttle.js';
import { hashPassword, randomSecret } from './auth/password.js';
import { installSecurity } from './http/security.js';
import { trustProxyOption } from './http/trusted-proxy.js';
import { authRoutes } from './routes/auth-routes.js';
import { adminRoutes } from './routes/admin-routes.js';
import { dataRoutes } from './routes/data-routes.js';
import { alertRoutes } from './routes/alert-routes.js';
import { watchRoutes } from './routes/watch-routes.js';
import { privacyRoutes } from './routes/privacy-routes.js';
import { correctionRoutes } from './routes/correction-routes.js';
import { sourceRoutes } from './routes/source-routes.js';
import { createLiveHub, type LiveHub } from './live.js';

export interface DashboardApp extends App {
  fastify: FastifyInstance;
  io: Server;
  hub: LiveHub;
  /** Creates the bootstrap admin if there are no users, then readies routes. Idempotent; `start` calls it. */
  ready(): Promise<void>;
  /** Readies routes (and the bootstrap admin), then listens on `options.listen` when given. */
  start(): Promise<void>;
  /** The address the dashboard listens on, once started with `listen`. */
  url(): string;
  /** Stops pushing, closes sockets and the HTTP server; forces after ¾ of `deadlineMs`. */
  stop(deadlineMs: number): Promise<void>;
}

/** Builds the dashboard (HTTP API, static web app, socket.io) without listening, so tests use `inject()`. */
export function createDashboardApp(deps: DashboardDeps, options: DashboardOptions): DashboardApp {
  const publicUrl = new URL(options.publicUrl);
  const codec = new SessionCodec(options.sessionSecret, options.sessionTtlMs ?? 12 * 3_600_000, deps.now);
  const authenticate = createAuthenticator(deps.users, codec);

  const fastify = Fastify({
    logger: false,
    // X-Forwarded-For is believed only from the listed proxies; otherwise anyone could pick the address that rate
    // and login limits key on.
    trustProxy: trustProxyOption(options.trustProxy),
    bodyLimit: 64 * 1024,
    // A client trickling its request (headers or a 64 KB body) cannot hold a connection for ever: fastify's default
    // is no limit. Node answers 408 and closes; it must exceed Node's 60 s headers timeout.
    requestTimeout: 90_000,
    // Unknown fields are rejected (400) rather than silently dropped, so a typo in a client is visible.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
  });
  // Only JSON bodies: text/plain is a CORS "simple" type a hostile page could post cross-site without a preflight.
  fastify.removeContentTypeParser('text/plain');

  installSecurity(fastify, { authenticate, codec, publicUrl: options.publicUrl, log: deps.log });
  void fastify.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    // Checked before authentication, so the key is the client address; login has its own stricter limit.
    keyGenerator: (req) => req.ip,
  });

  const io = new Server(fastify.server, {
    path: '/socket.io',
    serveClient: false,
    // Websocket only: no long-polling fallback keeps the handshake simple and every push one frame.
    transports: ['websocket'],
    maxHttpBufferSize: 16 * 1024,
    // Named explicitly: engine.io's own `require('ws')` lookup fails under vitest's module loader.
    wsEngine: WebSocketServer,
  });
  const hub = createLiveHub(
    io,
    { live: deps.live, authenticate, origin: publicUrl.origin, now: deps.now, log: deps.log },
    {
      intervalMs: options.batchIntervalMs ?? 250,
      maxMentionsPerBatch: options.maxMentionsPerBatch ?? 50,
      tokenSocketMaxAgeMs: options.tokenSocketMaxAgeMs ?? 12 * 3_600_000,
      recheckMs: options.liveRecheckMs ?? 30_000,
    },
  );
  // Awaited by every route that revokes access, so revoked live sockets are closed before it answers.
  const revoked = async (): Promise<void> => void (await hub.revalidate());

  void fastify.register(async (api) => {
    api.get('/healthz', { config: { access: 'public' } }, async () => ({ ok: true }));
    authRoutes(api, {
      users: deps.users,
      codec,
      now: deps.now,
      secureCookie: publicUrl.protocol === 'https:',
      failures: new FailureThrottle(options.loginFailures ?? DEFAULT_FAILURE_LIMITS, deps.now),
      revoked,
    });
    adminRoutes(api, { users: deps.users, now: deps.now, revoked });
    dataRoutes(api, { store: deps.store, now: deps.now, watches: deps.watches });
    alertRoutes(api, {
      alerts: deps.alerts,
      now: deps.now,
      onChange: (s) => hub.pushAlertState(s),
      watches: deps.watches,
    });
    watchRoutes(api, { watches: deps.watches, store: deps.store, now: deps.now, log: deps.log });
    privacyRoutes(api, { privacy: deps.privacy, now: deps.now, log: deps.log });
    correctionRoutes(api, { store: deps.store, now: deps.now, log: deps.log });
    sourceRoutes(api, { sources: deps.sources });
    api.all('/api/*', async () => {
      throw new VaktError('VAKT_NOT_FOUND', 'no such API route');
    });
  });

  if (options.webRoot) {
    const root = options.webRoot;
    if (!existsSync(join(root, 'index.html'))) {
      throw new VaktError(
        'VAKT_CONFIG_INVALID',
        `webRoot ${root} has no index.html; run \`pnpm --filter @vakt/web build\``,
      );
    }
    void fastify.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      index: false,
      // Hashed file names never change content, so browsers may keep them (overriding the API's no-store); the
      // app shell (/, /login) names the current hashes, so it must be revalidated on every load.
      setHeaders: (reply, path) =>
        void reply.header(
          'cache-control',
          path.startsWith(join(root, 'assets', sep)) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
    fastify.get('/login', { config: { access: 'public' } }, (_req, reply) => reply.sendFile('login.html', root));
    fastify.get('/', (_req, reply) => reply.sendFile('index.html', root));
    // Browsers ask for it on every page; answering "no content" keeps 404s out of the console.
    fastify.get('/favicon.ico', { config: { access: 'public' } }, (_req, reply) => reply.status(204).send());
  }

  let readied: Promise<void> | undefined;
  let url: string | undefined;
  const ready = (): Promise<void> =>
    (readied ??= (async () => {
      await bootstrapAdmin(deps, options);
      await fastify.ready();
    })());

  return {
    fastify,
    io,
    hub,
    ready,
    async start() {
      await ready();
      if (options.listen) url = await fastify.listen(options.listen);
    },
    url() {
      if (url === undefined) throw new Error('dashboard: url() before start() with a listen address');
      return url;
    },
    async stop(deadlineMs) {
      hub.stop();
      const force = setTimeout(
        () => {
          deps.log.warn({ code: 'VAKT_SHUTDOWN_TIMEOUT' }, 'dashboard did not close in time; closing connections');
          fastify.server.closeAllConnections();
        },
        Math.floor(deadlineMs * 0.75),
      );
      force.unref();
      try {
        // io.close() also closes the HTTP server it is attached to; fastify.close() then finishes its hooks.
        io.close();
        await fastify.close();
      } finally {
        clearTimeout(force);
      }
    },
  };
}

async function bootstrapAdmin(deps: DashboardDeps, options: DashboardOptions): Promise<void> {
  if (!options.bootstrapAdmin || (await deps.users.listUsers()).length > 0) return;
  const generated = options.bootstrapAdmin.password === undefined;
  const password = options.bootstrapAdmin.password ?? randomSecret(15);
  await deps.users.createUser(
    { username: options.bootstrapAdmin.username, role: 'admin', passwordHash: await hashPassword(password) },
    deps.now(),
  );
  // A generated password is shown once, here, at the first start: only its hash is stored (in the user store), so it
  // can never be shown again. A password the operator supplied is never printed.
  if (!generated)
    deps.log.info({ username: options.bootstrapAdmin.username }, 'created first admin with the configured password');
  else if (options.bootstrapAdmin.announce) options.bootstrapAdmin.announce(password);
  else
    deps.log.warn(
      { username: options.bootstrapAdmin.username, password },
      'created first admin with a generated password (shown once); change it after logging in',
    );
}
