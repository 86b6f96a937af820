import { VaktError } from '@vakt/errors/vakt-error';
import type { BackoffOptions } from '@vakt/retry/backoff';
import { silentLogger, type Logger } from './logger.js';
import { MemoryConsumer } from './memory-consumer.js';
import { MemoryBusState } from './memory-state.js';
import type { BusConsumer, BusProducer, ConsumerOptions, MessageBus, OutgoingRecord, TopicSpec } from './types.js';

/** Options of the in-process bus (embedded mode and tests). */
export interface MemoryBusOptions {
  /** Partitions of auto-created topics (topics not declared with `ensureTopics`). Default 4. */
  partitions?: number;
  /**
   * Bound on a topic's records not yet committed by every subscribed group. `send` waits while a topic is at the
   * bound (backpressure); one call may overshoot it by its own batch. A topic no group subscribes to keeps only its
   * newest `maxBacklogPerTopic` records, like Kafka retention. Default 10,000.
   */
  maxBacklogPerTopic?: number;
  /** Backoff before a rejected batch is redelivered. Default 100 ms doubling up to 5 s, with jitter. */
  retry?: BackoffOptions;
  /** Clock for record timestamps. Default Date.now. */
  now?: () => number;
  logger?: Logger;
}

/** The in-process bus, plus introspection used by tests and `/metrics`. */
export interface MemoryBus extends MessageBus {
  /** Records a topic currently holds in memory (its uncommitted backlog once a group subscribes); 0 if unknown. */
  retained(topic: string): number;
}

/**
 * Creates the in-process MessageBus: Kafka's semantics for one process (partitions by key, consumer groups with
 * committed offsets, commit-after-resolve, redelivery, rebalance on join/leave) with bounded memory. Data lives in
 * this process only: what is not yet committed when the process dies is gone, so embedded mode's durability comes
 * from the producer side (HTTP ingest answers only after `send` resolved, the demo feed regenerates).
 */
export function createMemoryBus(options: MemoryBusOptions = {}): MemoryBus {
  const partitions = options.partitions ?? 4;
  const maxBacklogPerTopic = options.maxBacklogPerTopic ?? 10_000;
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new VaktError('VAKT_CONFIG_INVALID', `partitions: expected an integer >= 1, got ${partitions}`);
  }
  if (!Number.isInteger(maxBacklogPerTopic) || maxBacklogPerTopic < 1) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `maxBacklogPerTopic: expected an integer >= 1, got ${maxBacklogPerTopic}`,
    );
  }
  const state = new MemoryBusState({
    partitions,
    maxBacklogPerTopic,
    retry: options.retry ?? { initialMs: 100, maxMs: 5_000 },
    now: options.now ?? Date.now,
    logger: options.logger ?? silentLogger,
  });
  const consumers = new Set<MemoryConsumer>();
  let closed = false;
  // One promise for the whole bus: blocked senders race it instead of adding a listener per wait.
  const closedPromise = abortPromise(state.closing.signal);

  const closedError = () =>
    new VaktError('VAKT_KAFKA_UNAVAILABLE', 'the in-process bus is closed (the pipeline is shutting down)', {
      retriable: false,
    });

  async function send(topicName: string, records: OutgoingRecord[]): Promise<void> {
    if (closed) throw closedError();
    const topic = state.topic(topicName);
    // Backpressure: wait for every subscribed group to commit below the bound before adding more.
    while (topic.groups.size > 0 && topic.retained >= maxBacklogPerTopic) {
      await Promise.race([topic.space.wait(), closedPromise]);
      if (closed) throw closedError();
    }
    const ts = state.options.now();
    for (const r of records) topic.partitions[topic.partitionFor(r.key)]!.append(r, ts);
    state.enforceRetention(topic);
    state.wake.notify();
  }

  return {
    async ensureTopics(specs: TopicSpec[]): Promise<void> {
      for (const s of specs) state.topic(s.name, s.partitions);
    },
    async producer(): Promise<BusProducer> {
      if (closed) throw closedError();
      return { send, close: async () => {} };
    },
    async consumer(opts: ConsumerOptions): Promise<BusConsumer> {
      if (closed) throw closedError();
      const c = new MemoryConsumer(state, opts);
      consumers.add(c);
      return c;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      state.closing.abort();
      await Promise.all([...consumers].map((c) => c.stop()));
    },
    retained(topic: string): number {
      return state.topics.get(topic)?.retained ?? 0;
    },
  };
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
