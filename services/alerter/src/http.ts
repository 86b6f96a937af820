import Fastify, { type FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { isVaktError, VaktError } from '@vakt/errors/vakt-error';
import type { PipelineMetrics } from '@vakt/pipeline/metrics';
import { registerOpsRoutes } from '@vakt/pipeline/ops-routes';
import type { AlertActionsImpl } from './actions.js';

const fingerprint = { type: 'object', required: ['fp'], properties: { fp: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' } } } as const;
const actionBody = {
  type: 'object',
  required: ['by'],
  additionalProperties: false,
  properties: { by: { type: 'string', minLength: 1, maxLength: 128 }, comment: { type: 'string', maxLength: 1000 }, until: { type: 'integer', minimum: 0 } },
} as const;

/**
 * The alerter's HTTP door: healthz, metrics, and the operator verbs (list, ack, silence, resolve, history) that the
 * dashboard calls in distributed mode. The lifecycle lives here, in one process, so there is one source of truth.
 * Callers need the shared bearer token; without a configured token only loopback callers are served.
 */
export function createAlerterHttp(deps: { actions: AlertActionsImpl; metrics: PipelineMetrics; token: string; deadDeliveries: () => unknown[] }): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  registerOpsRoutes(app, { metrics: deps.metrics, service: 'alerter' });
  const token = Buffer.from(deps.token);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/v1/')) return;
    if (token.length === 0) {
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.ip)) throw new VaktError('VAKT_FORBIDDEN', 'set VAKT_ALERTER_TOKEN to call the alerter API from another host');
      return;
    }
    const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
    if (given.length !== token.length || !timingSafeEqual(given, token)) throw new VaktError('VAKT_UNAUTHORIZED', 'missing or invalid alerter token');
  });
  app.setErrorHandler((error, _req, reply) => {
    if (isVaktError(error)) {
      const status = { VAKT_NOT_FOUND: 404, VAKT_UNAUTHORIZED: 401, VAKT_FORBIDDEN: 403 }[error.code as string] ?? 400;
      return reply.code(status).send({ error: error.toJSON() });
    }
    const e = error as { statusCode?: number; message: string };
    return reply.code(e.statusCode && e.statusCode < 500 ? e.statusCode : 500).send({ error: { code: 'VAKT_REQUEST_INVALID', message: e.message } });
  });
  app.get<{ Querystring: { watch?: string; status?: 'firing' | 'resolved'; limit?: number } }>('/v1/alerts', {
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { watch: { type: 'string', maxLength: 128 }, status: { enum: ['firing', 'resolved'] }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } } },
  }, async (req) => deps.actions.list({ ...req.query, limit: req.query.limit ?? 100 }));
  app.get<{ Params: { fp: string } }>('/v1/alerts/:fp', { schema: { params: fingerprint } }, async (req) => deps.actions.get(req.params.fp));
  app.get<{ Params: { fp: string } }>('/v1/alerts/:fp/history', { schema: { params: fingerprint } }, async (req) => deps.actions.history(req.params.fp));
  app.get('/v1/deliveries/dead', async () => deps.deadDeliveries());
  type Act = { Params: { fp: string }; Body: { by: string; comment?: string; until?: number } };
  app.post<Act>('/v1/alerts/:fp/ack', { schema: { params: fingerprint, body: actionBody } }, async (req) => deps.actions.ack(req.params.fp, req.body.by, req.body.comment));
  app.post<Act>('/v1/alerts/:fp/resolve', { schema: { params: fingerprint, body: actionBody } }, async (req) => deps.actions.resolve(req.params.fp, req.body.by, req.body.comment));
  app.post<Act>('/v1/alerts/:fp/silence', { schema: { params: fingerprint, body: { ...actionBody, required: ['by', 'until'] } } }, async (req) =>
    deps.actions.silence(req.params.fp, req.body.until!, req.body.by, req.body.comment));
  return app;
}
