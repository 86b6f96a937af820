import Fastify from 'fastify';
import type { App, ListenAddress } from '@vakt/runtime/app';
import type { BatchHandler, BusConsumer, BusProducer, BusRecord } from '@vakt/bus/types';
import type { Result } from '@vakt/errors/result';
import { BatchingSink } from '@vakt/pipeline/batching-sink';
import { deadLetterRecord } from '@vakt/pipeline/dead-letter';
import type { Logger } from '@vakt/pipeline/logger';
import type { PipelineMetrics } from '@vakt/pipeline/metrics';
import { registerOpsRoutes, type HealthCheck } from '@vakt/pipeline/ops-routes';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';
import { parseScoredMention } from '@vakt/store/tables/mentions';

export interface SinkDeps {
  consumer: BusConsumer;
  producer: BusProducer;
  /** Inserts scored mentions; resolves ok only when durable. Retriable errors are retried, others isolated. */
  writeMentions: (rows: ScoredMention[]) => Promise<Result<void>>;
  metrics: PipelineMetrics;
  log: Logger;
  now: () => number;
  checks?: HealthCheck[];
}

export interface SinkOptions {
  maxRows: number;
  maxWaitMs: number;
  maxPendingRows: number;
  /** The ops server (healthz, metrics). Omitted: none (embedded mode serves one ops server for all). */
  listen?: ListenAddress;
}

interface Pending {
  mention: ScoredMention;
  record: BusRecord;
}

/**
 * The sink: `vakt.mentions.scored` → ClickHouse `vakt.mentions`. Rows from many partitions and fetches are grouped
 * into large inserts; a consumer batch's offsets are committed only after its rows are inserted (deferred ack). While ClickHouse is down the
 * insert is retried with backoff, handlers stay pending, the consumer stops fetching and memory stays bounded.
 */
export function createSinkApp(deps: SinkDeps, options: SinkOptions) {
  const stage = 'sink';
  const sendDead = async (
    items: Array<{ record: BusRecord; error: Parameters<typeof deadLetterRecord>[1] }>,
  ): Promise<void> => {
    if (items.length === 0) return;
    for (const { error } of items) {
      deps.metrics.deadLettered.inc({ stage, code: error.code });
      deps.metrics.dropped.inc({ stage, reason: error.code, intentional: 'false' });
    }
    await deps.producer.send(
      TOPICS.dlq,
      items.map(({ record, error }) =>
        deadLetterRecord({ raw: record.value, origin: record }, error, stage, deps.now()),
      ),
    );
  };

  const sink = new BatchingSink<Pending>({
    writeBatch: async (rows) => {
      const started = performance.now();
      const r = await deps.writeMentions(rows.map((p) => p.mention));
      if (r.ok) {
        deps.metrics.produced.inc({ stage, topic: 'clickhouse:vakt.mentions' }, rows.length);
        deps.metrics.batchSize.observe({ stage }, rows.length);
        deps.metrics.latency.observe({ stage }, (performance.now() - started) / 1000);
      }
      return r;
    },
    onPoison: (row, error) => sendDead([{ record: row.record, error }]),
    onRetry: (error, attempt, delayMs) => {
      deps.metrics.retries.inc({ stage, code: error.code });
      deps.metrics.paused.set({ stage }, 1);
      deps.log.warn(
        { code: error.code, attempt, delayMs },
        'insert failed; retrying with backoff (consumption is held)',
      );
    },
    maxRows: options.maxRows,
    maxWaitMs: options.maxWaitMs,
    maxPendingRows: options.maxPendingRows,
  });

  const handler: BatchHandler = async (records, ctx) => {
    deps.metrics.received.inc({ stage }, records.length);
    const good: Pending[] = [];
    const dead: Array<{ record: BusRecord; error: Parameters<typeof deadLetterRecord>[1] }> = [];
    for (const record of records) {
      // Validated here, once: the proof parseScoredMention leaves on the value lets insertMentions skip its own check.
      const parsed = parseScoredMention(record.value);
      if (parsed.ok) good.push({ mention: parsed.value, record });
      else dead.push({ record, error: parsed.error });
    }
    await sendDead(dead);
    if (good.length === 0) return undefined;
    // Waiting for room may take long while ClickHouse is down (the buffer is full): heartbeat meanwhile, so the
    // group does not evict this member.
    const beat = setInterval(() => void ctx.heartbeat().catch(() => undefined), 2_000);
    try {
      // Deferred ack: the bus fetches on while the insert is in flight and commits these offsets once it is
      // durable, so one insert carries many fetches' worth of rows.
      const ack = await sink.accept(good);
      deps.metrics.paused.set({ stage }, 0);
      return ack;
    } finally {
      clearInterval(beat);
    }
  };

  const fastify = Fastify({ logger: false });
  fastify.addHook('onRequest', async () => {
    deps.metrics.pending.set({ stage }, sink.pendingRows);
  });
  registerOpsRoutes(fastify, { metrics: deps.metrics, checks: deps.checks ?? [], service: 'sink' });

  const app = {
    fastify,
    sink,
    async start(): Promise<void> {
      await deps.consumer.run(handler);
      if (options.listen) await fastify.listen(options.listen);
    },
    /**
     * Stop fetching, let in-flight batches flush and commit, then stop retrying whatever is still stuck. The caller's
     * cleanup stack bounds the wait.
     */
    async stop(_deadlineMs?: number): Promise<void> {
      const stopping = deps.consumer.stop();
      await sink.drain().catch(() => undefined);
      sink.stop();
      await stopping;
      await fastify.close();
    },
  };
  return app satisfies App;
}
