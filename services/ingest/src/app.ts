import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { BusProducer, OutgoingRecord } from '@vakt/bus/types';
import { isVaktError, toVaktError, VaktError } from '@vakt/errors/vakt-error';
import { tokenClients } from '@vakt/pipeline/http-auth';
import type { Logger } from '@vakt/pipeline/logger';
import type { PipelineMetrics } from '@vakt/pipeline/metrics';
import { registerOpsRoutes, type HealthCheck } from '@vakt/pipeline/ops-routes';
import { ProduceCoalescer } from '@vakt/pipeline/produce-coalescer';
import { mentionKey, type Mention, type MentionInput } from '@vakt/schema/mention';
import { TOPICS } from '@vakt/schema/topics';
import { RecentKeys } from '@vakt/stages/dedup';
import {
  prepareMentions,
  splitBody,
  type AuthorPseudonymiser,
  type ItemRejection,
  type PreparedBatch,
  type WatchMatcher,
} from '@vakt/stages/ingest';
import { apiDoor, BODY_MEDIA_TYPES } from './api-door.js';
import { bodyWithDeadline } from './body-deadline.js';
import { decodedBody } from './content-encoding.js';
import { sourcesRoute } from './sources-route.js';
import type { ConnectorHealth } from '@vakt/connectors/health';
import type { App, ListenAddress } from '@vakt/runtime/app';

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
  /** Health of the source connectors this process runs, served at `GET /v1/sources`. */
  sources?: () => ConnectorHealth[];
  /** VAKT_PSEUDONYMISE_AUTHORS: authors leave ingest as pseudonyms, so no later stage ever holds them in clear. */
  pseudonymise?: AuthorPseudonymiser;
}

export interface IngestOptions {
  maxBodyBytes: number;
  /** When non-empty, the API needs `Authorization: Bearer <token>` with one of these. */
  apiTokens: readonly string[];
  /** Requests per minute per client (API token, else address), and per address without a valid token; 429 above. */
  rateLimitPerMinute?: number;
  /** Most mentions one request may carry (413 above). Default 10,000. */
  maxMentionsPerRequest?: number;
  /** Longest a request body may take to arrive after its headers (408 after). Default 30 s. */
  bodyTimeoutMs?: number;
  /** Origins whose pages may call the API; any other `Origin` header is a 403. Default none. */
  allowedOrigins?: readonly string[];
  /** How long mentions wait for other requests' mentions to share a produce call. Default 5 ms. */
  lingerMs?: number;
  /** Where the API listens. Omitted: `start` listens nowhere and tests use `fastify.inject()`. */
  listen?: ListenAddress;
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
  let url: string | undefined;

  async function submit(
    items: readonly unknown[],
    preRejected: PreparedBatch['rejected'] = [],
  ): Promise<IngestSummary> {
    const refused = deps.refusal?.();
    if (refused) throw refused;
    deps.metrics.received.inc({ stage }, items.length);
    const prepared = prepareMentions(
      items,
      {
        matcher: deps.matcher,
        now: deps.now,
        recent,
        ...(deps.pseudonymise ? { pseudonymise: deps.pseudonymise } : {}),
      },
      preRejected,
    );
    const records: OutgoingRecord[] = prepared.accepted.map((m: Mention) => ({
      key: mentionKey(m),
      value: JSON.stringify(m),
    }));
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

  const bodyTimeoutMs = options.bodyTimeoutMs ?? 30_000;
  const maxMentions = options.maxMentionsPerRequest ?? 10_000;
  const fastify = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    // Backstop for what the body deadline below does not see (slow headers, bodies sent to unknown routes); Node
    // answers these with a bare 408. It must exceed Node's 60 s headers timeout.
    requestTimeout: bodyTimeoutMs + 60_000,
  });
  fastify.removeAllContentTypeParsers();
  // Bodies are split and validated per item by `splitBody`, so one broken item never fails its neighbours.
  fastify.addContentTypeParser([...BODY_MEDIA_TYPES], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  registerOpsRoutes(fastify, { metrics: deps.metrics, checks: deps.checks ?? [], service: 'ingest' });
  // Budgets per client; apiDoor decides what a client is and when the limiter runs.
  void fastify.register(rateLimit, { global: false });

  fastify.setErrorHandler((error, _req, reply) => {
    const fastifyError = error as { statusCode?: number; code?: string; message: string };
    if (isVaktError(error))
      return reply.code(statusOf(error)).send({
        error: { ...error.toJSON(), ...(error.code === 'VAKT_SCHEMA_INVALID' ? { hint: NOTHING_KEPT } : {}) },
      });
    const status = fastifyError.statusCode && fastifyError.statusCode < 500 ? fastifyError.statusCode : 500;
    const code =
      status === 413
        ? 'VAKT_PAYLOAD_TOO_LARGE'
        : status === 415 || status === 400
          ? 'VAKT_SCHEMA_INVALID'
          : 'VAKT_INTERNAL';
    if (status >= 500) deps.log.error({ err: fastifyError.message }, 'ingest request failed');
    const message =
      status === 413
        ? `body larger than ${options.maxBodyBytes} bytes (VAKT_INGEST_MAX_BODY_BYTES; a gzip/deflate body counts decompressed): split it into smaller requests`
        : fastifyError.message;
    return reply
      .code(status)
      .send({ error: { code, message, ...(code === 'VAKT_SCHEMA_INVALID' ? { hint: NOTHING_KEPT } : {}) } });
  });

  // The API routes live in one plugin scope: its hooks run for every request the router sends to them, however the
  // URL was spelled, and before any byte of the body is read. Registered after the rate limiter, which it uses.
  void fastify.register(async (api) => {
    api.addHook(
      'onRequest',
      apiDoor(api, {
        apiTokens: options.apiTokens,
        rateLimitPerMinute: options.rateLimitPerMinute ?? 6_000,
        allowedOrigins: options.allowedOrigins ?? [],
      }),
    );
    api.addHook('preParsing', async (req, reply, payload) => {
      if (req.method !== 'POST') return payload;
      // The deadline wraps the raw bytes; gzip/deflate are decompressed after it, and bodyLimit then bounds the
      // decompressed size (zip bombs).
      return decodedBody(req.raw, bodyWithDeadline(payload, reply, bodyTimeoutMs));
    });
    if (deps.sources) {
      // Already authenticated by the door; the route's own check is a second lock on the same tokens.
      const identify = tokenClients(options.apiTokens);
      sourcesRoute(api, deps.sources, (h) => options.apiTokens.length === 0 || identify(h) !== undefined);
    }
    api.post('/v1/mentions', async (req, reply) => {
      if (typeof req.body !== 'string' || req.body.trim() === '') {
        throw new VaktError(
          'VAKT_SCHEMA_INVALID',
          'body must be a JSON array or NDJSON of mentions (Content-Type: application/json or application/x-ndjson)',
        );
      }
      const { items, parseErrors, lines } = splitBody(req.body, { maxItems: maxMentions });
      const summary = await submit(items, parseErrors);
      const rejected = lines ? summary.rejected.map((r) => onLine(r, lines[r.index])) : summary.rejected;
      const body = { ...summary, rejected, rejectedCount: rejected.length };
      // Nothing usable in the body: a 202 "accepted 0" reads as success to a client that checks only the status.
      if (items.length > 0 && rejected.length === items.length)
        return reply.code(422).send({ error: allRejected(rejected), ...body });
      return reply.code(202).send(body);
    });
  });

  const app = {
    fastify,
    submit: (items: readonly MentionInput[] | readonly unknown[]) => submit(items),
    async start(): Promise<void> {
      if (options.listen) url = await fastify.listen(options.listen);
    },
    /** The address the API listens on, once started with `listen`. */
    url(): string {
      if (url === undefined) throw new Error('ingest: url() before start() with a listen address');
      return url;
    },
    async stop(_deadlineMs?: number): Promise<void> {
      await fastify.close();
    },
  };
  return app satisfies App;
}

const STATUS: Partial<Record<string, number>> = {
  VAKT_UNAUTHORIZED: 401,
  VAKT_FORBIDDEN: 403,
  VAKT_REQUEST_TIMEOUT: 408,
  VAKT_PAYLOAD_TOO_LARGE: 413,
  VAKT_RATE_LIMITED: 429,
};

/** The HTTP status of a VaktError: by code, or as its context says (415), else 503 when retriable and 400 if not. */
function statusOf(e: VaktError): number {
  const explicit = e.context.httpStatus;
  if (typeof explicit === 'number') return explicit;
  return STATUS[e.code] ?? (e.retriable ? 503 : 400);
}

/**
 * What a refused body's hint says: the code's generic hint speaks of dead letters, but a request refused at the door
 * never reaches the pipeline, so nothing of it is in vakt.dead_letters.
 */
const NOTHING_KEPT =
  'Nothing from this request was stored or dead-lettered: fix the body (the message says where) and send it again.';

/** The 422 error of a body whose every item was rejected; each item's reasons are in `rejected`. */
function allRejected(rejected: readonly ItemRejection[]): { code: string; message: string; hint: string } {
  const codes = new Set(rejected.map((r) => r.code));
  const code = codes.size === 1 ? [...codes][0]! : 'VAKT_SCHEMA_INVALID';
  return {
    code,
    message: `every mention in the body was rejected (${rejected.length}); rejected[] gives each one's reasons`,
    hint: NOTHING_KEPT,
  };
}

/** An NDJSON item's rejection, naming the line it came from. */
function onLine(r: ItemRejection, line: number | undefined): ItemRejection {
  if (line === undefined || r.line !== undefined) return r;
  return { ...r, line, reason: `line ${line}: ${r.reason}` };
}
