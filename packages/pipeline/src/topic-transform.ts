import type { BatchHandler, BusProducer, BusRecord, DeferredAck, OutgoingRecord } from '@vakt/bus/types';
import type { Result } from '@vakt/errors/result';
import { toVaktError, type VaktError } from '@vakt/errors/vakt-error';
import { deadLetterRecord } from './dead-letter.js';
import type { Logger } from './logger.js';
import type { PipelineMetrics } from './metrics.js';
import type { Stage } from './stage.js';

export interface TopicTransformOptions<I> {
  stageName: string;
  /** Validates a consumed record into the stage's input; failures are dead-lettered with their reason. */
  decode: (record: BusRecord) => Result<I>;
  stage: Stage<I, { topic: string; record: OutgoingRecord }>;
  producer: BusProducer;
  dlqTopic: string;
  metrics: PipelineMetrics;
  log: Logger;
  now: () => number;
  /**
   * Records whose produce may still be in flight when the handler returns (a deferred ack: the bus fetches the
   * next batch while the broker acknowledges this one). 0 waits for every produce before returning. Above the
   * bound the handler waits for the oldest produces first, so memory stays bounded.
   */
  maxInFlightRecords?: number;
}

/**
 * The consume → process → produce handler used by the scorer (and any topic-to-topic stage). Acks flow backward:
 * the returned promise resolves only after every output and every dead letter of the batch is durable, and the bus
 * commits offsets only then. Poison is dead-lettered and acked; it never escapes as an exception (no crash loop).
 * A failed produce rejects, so the bus redelivers the whole batch: at-least-once, made exactly-once in effect by
 * idempotent writes downstream (ReplacingMergeTree keyed by source and id).
 */
export function topicTransform<I>(opts: TopicTransformOptions<I>): BatchHandler {
  const { stageName, metrics } = opts;
  const maxInFlight = opts.maxInFlightRecords ?? 0;
  /** Produces not yet acknowledged, with their record counts (a handful at a time: summed when checked). */
  const inFlight = new Map<Promise<void>, number>();
  const inFlightRecords = (): number => {
    let n = 0;
    for (const c of inFlight.values()) n += c;
    return n;
  };
  return async (records): Promise<void | DeferredAck> => {
    const started = performance.now();
    metrics.received.inc({ stage: stageName }, records.length);
    metrics.batchSize.observe({ stage: stageName }, records.length);

    const dead: OutgoingRecord[] = [];
    const toDlq = (record: BusRecord, error: VaktError): void => {
      metrics.deadLettered.inc({ stage: stageName, code: error.code });
      metrics.dropped.inc({ stage: stageName, reason: error.code, intentional: 'false' });
      opts.log.warn(
        {
          code: error.code,
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          reason: error.message.slice(0, 200),
        },
        'dead-lettered',
      );
      dead.push(deadLetterRecord({ raw: record.value, origin: record }, error, stageName, opts.now()));
    };

    const inputs: I[] = [];
    const origins: BusRecord[] = [];
    for (const record of records) {
      const decoded = opts.decode(record);
      if (decoded.ok) {
        inputs.push(decoded.value);
        origins.push(record);
      } else toDlq(record, decoded.error);
    }

    let results: Array<Result<Array<{ topic: string; record: OutgoingRecord }>>>;
    try {
      results = await opts.stage.process(inputs, { now: opts.now });
    } catch (thrown) {
      // A stage must not throw; if it does, treat it as a retriable failure of the whole batch (redelivered).
      throw toVaktError(thrown);
    }

    const byTopic = new Map<string, OutgoingRecord[]>();
    results.forEach((r, i) => {
      if (!r.ok) {
        if (r.error.retriable) throw r.error;
        toDlq(origins[i]!, r.error);
        return;
      }
      for (const out of r.value) {
        const list = byTopic.get(out.topic) ?? [];
        list.push(out.record);
        byTopic.set(out.topic, list);
      }
    });

    const sends = [...byTopic].map(async ([topic, list]) => {
      await opts.producer.send(topic, list);
      metrics.produced.inc({ stage: stageName, topic }, list.length);
    });
    if (dead.length > 0) sends.push(opts.producer.send(opts.dlqTopic, dead));
    const durable = Promise.all(sends).then(() => {
      metrics.latency.observe({ stage: stageName }, (performance.now() - started) / 1000);
    });
    if (maxInFlight <= 0) return durable;
    // Deferred: the bus commits when `durable` resolves and meanwhile fetches on. Bound what is unacknowledged.
    durable.catch(() => undefined);
    const settled = durable.then(
      () => undefined,
      () => undefined,
    );
    inFlight.set(settled, records.length);
    void settled.then(() => inFlight.delete(settled));
    while (inFlightRecords() > maxInFlight && inFlight.size > 1) await Promise.race(inFlight.keys());
    return { durable };
  };
}
