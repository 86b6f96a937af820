import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { timingSafeEqual } from 'node:crypto';
import type { BusProducer, OutgoingRecord } from '@vakt/bus/types';
import { isVaktError, toVaktError, VaktError } from '@vakt/errors/vakt-error';
import type { Logger } from '@vakt/pipeline/logger';
import type { PipelineMetrics } from '@vakt/pipeline/metrics';
import { registerOpsRoutes, type HealthCheck } from '@vakt/pipeline/ops-routes';
import { ProduceCoalescer } from '@vakt/pipeline/produce-coalescer';
import { mentionKey, type Mention, type MentionInput } from '@vakt/schema/mention';
import { TOPICS } from '@vakt/schema/topics';
import { RecentKeys } from '@vakt/stages/dedup';
import { prepareMentions, splitBody, type PreparedBatch, type WatchMatcher } from '@vakt/stages/ingest';
import { decodedBody } from './content-encoding.js';

export interface IngestDeps {
  producer: BusProducer;
  matcher: WatchMatcher;
  metrics: PipelineMetrics;
  log: Logger;
  now: () => number;
  checks?: HealthCheck[];
  /**
   * Embedded mode only: resolves when the given mention keys are durable downstream (in chdb or the DLQ), because
   * the in-process bus is not. Without it a successful produce is the durability point (Kafka).
   */
  awaitDurable?: (keys: string[]) => Promise<void>;
  /**
   * Embedded mode only: an error while the store refuses every write (e.g. out of disk), so ingest answers 503
   * naming it at once instead of enqueueing mentions into a bus nothing drains.
   */
  refusal?: () => VaktError | undefined;
}

export interface IngestOptions {
  maxBodyBytes: number;
  /** When non-empty, `POST /v1/mentions` needs `Authorization: Bearer <token>` with one of these. */
  apiTokens: readonly string[];
  /** Requests per minute per client (API token, else address) on `POST /v1/mentions`; 429 with Retry-After above. */
  rateLimitPerMinute?: number;
  /** How long mentions wait for other requests' mentions to share a produce call. Default 5 ms. */
  lingerMs?: number;
}

export interface IngestSummary {
  accepted: number;
  rejected: PreparedBatch['rejected'];
  dropped: Record<string, number>;
}

/**
 * The ingest service: validates mentions, matches them against watches and produces them to `vakt.mentions.raw`.
 * `submit` is the one door for HTTP, connectors and `vakt replay`; it resolves once accepted mentions are durable
 * in the bus, so a 202 means "will not be lost".
 */
export function createIngestApp(deps: IngestDeps, options: IngestOptions) {
  const recent = new RecentKeys({ now: deps.now });
  // Concurrent requests share produce calls: bigger record batches for the broker and every consumer after it.
  const raw = new ProduceCoalescer(deps.producer, TOPICS.raw, { lingerMs: options.lingerMs ?? 5 });
  const stage = 'ingest';

  async function submit(items: readonly unknown[], preRejected: PreparedBatch['rejected'] = []): Promise<IngestSummary> {
    const refused = deps.refusal?.();
    if (refused) throw refused;
    deps.metrics.received.inc({ stage }, items.length);
    const prepared = prepareMentions(items, { matcher: deps.matcher, now: deps.now, recent }, preRejected);
    const records: OutgoingRecord[] = prepared.accepted.map((m: Mention) => ({ key: mentionKey(m), value: JSON.stringify(m) }));
    if (records.length > 0) {
      try {
        await raw.send(records);
        await deps.awaitDurable?.(prepared.accepted.map(mentionKey));
      } catch (e) {
        // Not durable: forget the keys so the client's retry is not mistaken for a duplicate.
        for (const m of prepared.accepted) recent.forget(mentionKey(m));
        throw toVaktError(e, 'VAKT_KAFKA_PRODUCE');
      }
      deps.metrics.produced.inc({ stage, topic: TOPICS.raw }, records.length);
    }
    const dropped: Record<string, number> = {};
    for (const d of prepared.dropped) {
      dropped[d.reason] = (dropped[d.reason] ?? 0) + 1;
      deps.metrics.dropped.inc({ stage, reason: d.reason, intentional: 'true' });
    }
    for (const r of prepared.rejected) deps.metrics.dropped.inc({ stage, reason: r.code, intentional: 'false' });
    return { accepted: prepared.accepted.length, rejected: prepared.rejected, dropped };
  }

  const fastify = Fastify({ logger: false, bodyLimit: options.maxBodyBytes });
  fastify.removeAllContentTypeParsers();
  // Bodies are split and validated per item by `splitBody`, so one broken item never fails its neighbours.
  fastify.addContentTypeParser(['application/json', 'application/x-ndjson', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // gzip/deflate bodies are decompressed before parsing; bodyLimit then bounds the decompressed size (zip bombs).
  fastify.addHook('preParsing', async (req, _reply, payload) => decodedBody(req.raw, payload));
  registerOpsRoutes(fastify, { metrics: deps.metrics, checks: deps.checks ?? [], service: 'ingest' });
  // One flooding client must not starve the others: a budget per API token (or per address without tokens).
  void fastify.register(rateLimit, {
    global: false,
    max: options.rateLimitPerMinute ?? 6_000,
    timeWindow: 60_000,
    keyGenerator: (req) => req.headers.authorization ?? req.ip,
    errorResponseBuilder: (_req, ctx) => new VaktError('VAKT_RATE_LIMITED', `more than ${ctx.max} requests per minute from this client; retry after ${ctx.after}`),
  });

  fastify.setErrorHandler((error, _req, reply) => {
    const fastifyError = error as { statusCode?: number; code?: string; message: string };
    if (isVaktError(error)) {
      const status = error.code === 'VAKT_UNAUTHORIZED' ? 401 : error.code === 'VAKT_RATE_LIMITED' ? 429 : error.retriable ? 503 : 400;
      return reply.code(status).send({ error: error.toJSON() });
    }
    const status = fastifyError.statusCode && fastifyError.statusCode < 500 ? fastifyError.statusCode : 500;
    const code = status === 413 ? 'VAKT_PAYLOAD_TOO_LARGE' : status === 415 || status === 400 ? 'VAKT_SCHEMA_INVALID' : 'VAKT_INTERNAL';
    if (status >= 500) deps.log.error({ err: fastifyError.message }, 'ingest request failed');
    const message = status === 413
      ? `body larger than ${options.maxBodyBytes} bytes (VAKT_INGEST_MAX_BODY_BYTES; a gzip/deflate body counts decompressed): split it into smaller requests`
      : fastifyError.message;
    return reply.code(status).send({ error: { code, message } });
  });

  const tokens = options.apiTokens.map((t) => Buffer.from(t));
  const authorised = (header: string | undefined): boolean => {
    if (tokens.length === 0) return true;
    const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
    return tokens.some((t) => t.length === given.length && timingSafeEqual(t, given));
  };

  // Registered as a plugin so it loads after the rate limiter and picks up its hook.
  void fastify.register(async (scope) => {
  scope.post('/v1/mentions', { config: { rateLimit: { max: options.rateLimitPerMinute ?? 6_000, timeWindow: 60_000 } } }, async (req, reply) => {
    if (!authorised(req.headers.authorization)) throw new VaktError('VAKT_UNAUTHORIZED', 'missing or invalid API token');
    if (typeof req.body !== 'string' || req.body.trim() === '') {
      throw new VaktError('VAKT_SCHEMA_INVALID', 'body must be a JSON array or NDJSON of mentions (Content-Type: application/json or application/x-ndjson)');
    }
    const { items, parseErrors } = splitBody(req.body);
    const summary = await submit(items, parseErrors);
    return reply.code(202).send({ ...summary, rejectedCount: summary.rejected.length });
  });
  });

  return {
    fastify,
    submit: (items: readonly MentionInput[] | readonly unknown[]) => submit(items),
    async start(port: number, host: string): Promise<string> {
      return fastify.listen({ port, host });
    },
    async stop(): Promise<void> {
      await fastify.close();
    },
  };
}

export type IngestApp = ReturnType<typeof createIngestApp>;
