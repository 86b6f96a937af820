import Fastify from 'fastify';
import type { BusConsumer, BusProducer } from '@vakt/bus/types';
import type { Logger } from '@vakt/pipeline/logger';
import type { PipelineMetrics } from '@vakt/pipeline/metrics';
import { registerOpsRoutes, type HealthCheck } from '@vakt/pipeline/ops-routes';
import { topicTransform } from '@vakt/pipeline/topic-transform';
import { TOPICS } from '@vakt/schema/topics';
import { createScoreStage, decodeMention, type SentimentScorer } from '@vakt/stages/score';
import type { App, ListenAddress } from '@vakt/runtime/app';

export interface ScorerDeps {
  consumer: BusConsumer;
  producer: BusProducer;
  engine: SentimentScorer;
  metrics: PipelineMetrics;
  log: Logger;
  now: () => number;
  checks?: HealthCheck[];
  /** Scored records awaiting the broker's ack while the next batch is fetched (0: wait for each). Default 5,000. */
  maxInFlightRecords?: number;
}

export interface ScorerOptions {
  /** The ops server (healthz, metrics). Omitted: none (embedded mode serves one ops server for all). */
  listen?: ListenAddress;
}

/**
 * The scorer: `vakt.mentions.raw` → sentiment → `vakt.mentions.scored`. Several scorer processes in one consumer
 * group share the partitions. Offsets are committed by the bus only after the scored records (and any dead letters)
 * are durable.
 */
export function createScorerApp(deps: ScorerDeps, options: ScorerOptions = {}) {
  const handler = topicTransform({
    stageName: 'scorer',
    // Remembers each mention's JSON text: the scored record is that text plus the sentiment, not a re-serialisation.
    decode: (record) => decodeMention(record.value),
    stage: createScoreStage(deps.engine, deps.now),
    producer: deps.producer,
    dlqTopic: TOPICS.dlq,
    metrics: deps.metrics,
    log: deps.log,
    now: deps.now,
    // Produce acks overlap the next fetch and scoring instead of adding a broker round trip to every batch.
    maxInFlightRecords: deps.maxInFlightRecords ?? 5_000,
  });
  const fastify = Fastify({ logger: false });
  registerOpsRoutes(fastify, { metrics: deps.metrics, checks: deps.checks ?? [], service: 'scorer' });
  const lagTimer = setInterval(() => {
    deps.consumer.lag().then(
      (lag) => lag !== undefined && deps.metrics.lag.set({ stage: 'scorer' }, lag),
      () => undefined,
    );
  }, 5_000);
  lagTimer.unref();

  const app = {
    fastify,
    async start(): Promise<void> {
      await deps.consumer.run(handler);
      if (options.listen) await fastify.listen(options.listen);
    },
    /** Stops the source first; in-flight batches finish and commit; then the ops server. The caller's cleanup stack bounds the wait. */
    async stop(_deadlineMs?: number): Promise<void> {
      clearInterval(lagTimer);
      await deps.consumer.stop();
      await fastify.close();
    },
  };
  return app satisfies App;
}
