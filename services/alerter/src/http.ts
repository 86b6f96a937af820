import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isVaktError, VaktError } from '@vakt/errors/vakt-error';
import { tokenClients } from '@vakt/pipeline/http-auth';
import type { PipelineMetrics } from '@vakt/pipeline/metrics';
import { registerOpsRoutes } from '@vakt/pipeline/ops-routes';
import type { AlertActionsImpl } from './actions.js';

const fingerprint = {
  type: 'object',
  required: ['fp'],
  properties: { fp: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' } },
} as const;
const actionBody = {
  type: 'object',
  required: ['by'],
  additionalProperties: false,
  properties: {
    by: { type: 'string', minLength: 1, maxLength: 128 },
    comment: { type: 'string', maxLength: 1000 },
    until: { type: 'integer', minimum: 0 },
  },
} as const;

/**
 * The alerter's HTTP door: healthz, metrics, and the operator verbs (list, ack, silence, resolve, history) that the
 * dashboard calls in distributed mode. The lifecycle lives here, in one process, so there is one source of truth.
 * Callers need the shared bearer token; without a configured token only loopback callers are served.
 */
/** GDPR erasure, as `AlerterApp.eraseMentions`: the erased mentions' keys and the author's handles (every form). */
export type EraseMentions = (req: { keys: readonly string[]; authors: readonly string[] }) => {
  alerts: number;
  deliveries: number;
};

export function createAlerterHttp(deps: {
  actions: AlertActionsImpl;
  metrics: PipelineMetrics;
  token: string;
  deadDeliveries: () => unknown[];
  eraseMentions?: EraseMentions;
}): FastifyInstance {
  // requestTimeout: a trickled request cannot hold a connection for ever (fastify's default is no limit); Node answers
  // 408 and closes. It must exceed Node's 60 s headers timeout.
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024, requestTimeout: 90_000 });
  registerOpsRoutes(app, { metrics: deps.metrics, service: 'alerter' });
  app.setErrorHandler((error, _req, reply) => {
    if (isVaktError(error)) {
      const status = { VAKT_NOT_FOUND: 404, VAKT_UNAUTHORIZED: 401, VAKT_FORBIDDEN: 403 }[error.code as string] ?? 400;
      return reply.code(status).send({ error: error.toJSON() });
    }
    const e = error as { statusCode?: number; message: string };
    return reply
      .code(e.statusCode && e.statusCode < 500 ? e.statusCode : 500)
      .send({ error: { code: 'VAKT_REQUEST_INVALID', message: e.message } });
  });
  // The operator verbs live in their own plugin scope, so its onRequest hook runs for every request the router sends
  // to them, however the URL was spelled (percent-encoded, dot segments, ...), and before body parsing and schema
  // validation: an anonymous caller learns nothing but 401.
  void app.register(async (api) => {
    api.addHook('onRequest', alerterCallerCheck(deps.token));
    operatorRoutes(api, deps);
  });
  return app;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may call the operator verbs: the holder of the token, or, with no token configured, a loopback caller. A
 * request carrying `Origin` comes from a web page: the API is called server to server (the dashboard), so a page
 * is refused even on loopback, where DNS rebinding could otherwise make a visited site same-origin with it.
 */
function alerterCallerCheck(configured: string): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const identify = tokenClients(configured === '' ? [] : [configured]);
  return async (req, reply) => {
    if (req.headers.origin !== undefined)
      throw new VaktError('VAKT_FORBIDDEN', 'the alerter API is not for browsers; call it from the dashboard service');
    if (configured === '') {
      if (!LOOPBACK.has(req.ip))
        throw new VaktError('VAKT_FORBIDDEN', 'set VAKT_ALERTER_TOKEN to call the alerter API from another host');
      return;
    }
    if (identify(req.headers.authorization) === undefined) {
      reply.header('www-authenticate', 'Bearer realm="vakt-alerter"'); // RFC 6750 §3
      throw new VaktError('VAKT_UNAUTHORIZED', 'missing or invalid alerter token');
    }
  };
}

function operatorRoutes(
  app: FastifyInstance,
  deps: { actions: AlertActionsImpl; deadDeliveries: () => unknown[]; eraseMentions?: EraseMentions },
): void {
  app.get<{ Querystring: { watch?: string; status?: 'firing' | 'resolved'; limit?: number } }>(
    '/v1/alerts',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            watch: { type: 'string', maxLength: 128 },
            status: { enum: ['firing', 'resolved'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
      },
    },
    async (req) => deps.actions.list({ ...req.query, limit: req.query.limit ?? 100 }),
  );
  app.get<{ Params: { fp: string } }>('/v1/alerts/:fp', { schema: { params: fingerprint } }, async (req) =>
    deps.actions.get(req.params.fp),
  );
  app.get<{ Params: { fp: string } }>('/v1/alerts/:fp/history', { schema: { params: fingerprint } }, async (req) =>
    deps.actions.history(req.params.fp),
  );
  app.get('/v1/deliveries/dead', async () => deps.deadDeliveries());
  // The dashboard's GDPR erasure, after the store's: an author with many mentions sends many keys, hence the limit.
  const erase = deps.eraseMentions;
  if (erase) {
    const strings = (maxItems: number) =>
      ({ type: 'array', maxItems, items: { type: 'string', minLength: 1, maxLength: 1100 } }) as const;
    app.post<{ Body: { keys: string[]; authors: string[] } }>(
      '/v1/privacy/erase-mentions',
      {
        bodyLimit: 16 * 1024 * 1024,
        schema: {
          body: {
            type: 'object',
            required: ['keys', 'authors'],
            additionalProperties: false,
            properties: { keys: strings(200_000), authors: strings(16) },
          },
        },
      },
      async (req) => erase(req.body),
    );
  }
  type Act = { Params: { fp: string }; Body: { by: string; comment?: string; until?: number } };
  app.post<Act>('/v1/alerts/:fp/ack', { schema: { params: fingerprint, body: actionBody } }, async (req) =>
    deps.actions.ack(req.params.fp, req.body.by, req.body.comment),
  );
  app.post<Act>('/v1/alerts/:fp/resolve', { schema: { params: fingerprint, body: actionBody } }, async (req) =>
    deps.actions.resolve(req.params.fp, req.body.by, req.body.comment),
  );
  app.post<Act>(
    '/v1/alerts/:fp/silence',
    { schema: { params: fingerprint, body: { ...actionBody, required: ['by', 'until'] } } },
    async (req) => deps.actions.silence(req.params.fp, req.body.until!, req.body.by, req.body.comment),
  );
}
