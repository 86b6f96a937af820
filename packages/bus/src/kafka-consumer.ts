import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { allMembersRoundRobin } from './kafka-assigner.js';
import { backoffDelay, type BackoffOptions } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';
import { OffsetCommits } from './kafka-commits.js';
import { describeKafkaError, toBusError } from './kafka-errors.js';
import type { Logger } from './logger.js';
import type { BatchContext, BatchHandler, BusConsumer, BusRecord, ConsumerOptions, DeferredAck } from './types.js';

/** Group-membership timing for kafkajs consumers. */
export interface KafkaSessionOptions {
  /**
   * A member that sends no heartbeat for this long is removed and its partitions move (a SIGKILLed scorer's
   * partitions are idle this long). Default 10 s, shorter than kafkajs's 30 s so failover is quick; brokers accept
   * 6 s..5 min by default (group.min/max.session.timeout.ms). librdkafka's mock also waits up to this minus 1 s for
   * members to rejoin on every rebalance.
   */
  sessionTimeoutMs?: number;
  /** Default 1 s (at most a third of the session timeout); the bus also heartbeats on this period while a handler runs. */
  heartbeatIntervalMs?: number;
  /** Default 60 s. */
  rebalanceTimeoutMs?: number;
  /**
   * Longest a fetch waits on the broker for new data. kafkajs heartbeats only between fetches, so this must stay
   * well under the time a broker gives members to rejoin during a rebalance (librdkafka's mock: session timeout
   * minus 1 s), or members miss each other's rebalances in turn. It is also latency per hop on librdkafka's mock,
   * which often holds a fetch for the whole wait even when data arrived (bench at 5,000 records/s: p50 590 ms
   * with 1 s, 64 ms with 100 ms); real Kafka answers as soon as data is there. Default 100 ms (kafkajs: 5 s).
   */
  maxWaitTimeMs?: number;
}

export interface KafkaConsumerDeps {
  kafka: Kafka;
  admin: () => Promise<Admin>;
  logger: Logger;
  redelivery: BackoffOptions;
  session: KafkaSessionOptions;
}

const REBALANCE_TYPES = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
]);

/**
 * A BusConsumer over a kafkajs consumer with `eachBatch`, `eachBatchAutoResolve: false`, `autoCommit: false`.
 * A batch (split into chunks of `maxBatchSize`) is committed only after the handler resolved. When the handler
 * rejects, the consumer waits out a backoff (heartbeating), seeks back to the chunk's first offset and returns, so
 * kafkajs fetches the same records again. Nothing is ever thrown into kafkajs: its restart loop on a thrown error
 * is the poison-message crash loop (house style anti-pattern 1).
 */
export class KafkaBusConsumer implements BusConsumer {
  private readonly consumer: Consumer;
  private readonly maxBatchSize: number;
  private readonly heartbeatMs: number;
  private assigned: Record<string, number[]> = {};
  private started = false;
  private handler: BatchHandler | undefined;
  private paused = false;
  private stopping: Promise<void> | undefined;
  private readonly stopSignal = new AbortController();
  private readonly attempts = new Map<string, number>();
  /** Handler calls running now; stop() lets them finish before it waits for their deferred commits. */
  private readonly handling = new Set<Promise<unknown>>();
  /** Commits in offset order per partition, deferred until the handler's output is durable (`kafka-commits.ts`). */
  private readonly commits: OffsetCommits;

  constructor(
    private readonly deps: KafkaConsumerDeps,
    private readonly options: ConsumerOptions,
  ) {
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 500);
    this.heartbeatMs = deps.session.heartbeatIntervalMs ?? 1_000;
    this.consumer = deps.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: deps.session.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: this.heartbeatMs,
      rebalanceTimeout: deps.session.rebalanceTimeoutMs ?? 60_000,
      maxWaitTimeInMs: deps.session.maxWaitTimeMs ?? 100,
      allowAutoTopicCreation: true,
      partitionAssigners: [allMembersRoundRobin],
    });
    this.commits = new OffsetCommits(this.consumer, {
      logger: deps.logger,
      groupId: options.groupId,
      isStopping: () => this.isStopping(),
    });
    const ev = this.consumer.events;
    this.consumer.on(ev.GROUP_JOIN, (e) => {
      this.assigned = Object.fromEntries(
        Object.entries(e.payload.memberAssignment).map(([t, ps]) => [t, [...ps].sort((a, b) => a - b)]),
      );
      this.deps.logger.info({ groupId: options.groupId, assignment: this.assigned }, 'joined consumer group');
    });
    this.consumer.on(ev.REBALANCING, () => {
      this.assigned = {};
    });
    this.consumer.on(ev.CRASH, (e) => {
      const restart = e.payload.restart;
      this.deps.logger.error(
        { groupId: options.groupId, restart, ...describeKafkaError(e.payload.error) },
        restart
          ? 'kafka consumer crashed; kafkajs restarts it'
          : 'kafka consumer crashed on a non-retriable error; restarting it after a backoff',
      );
      // kafkajs gives up on non-retriable errors and leaves the consumer disconnected for good, while the service
      // keeps running and reports healthy. Seen with librdkafka's mock answering a SyncGroup with INVALID_REQUEST
      // in a rebalance race. Restart ourselves, with backoff, until stop().
      if (!restart) void this.restartAfterCrash();
    });
  }

  async run(handler: BatchHandler): Promise<void> {
    if (this.handler) throw new Error('BusConsumer.run() may be called once per consumer');
    if (this.stopping) throw new Error('BusConsumer.run() after stop()');
    this.handler = handler;
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
      await this.start();
    } catch (err) {
      throw toBusError(err, 'VAKT_KAFKA_UNAVAILABLE', `joining consumer group ${this.options.groupId}`);
    }
  }

  /** kafkajs `run` with the bus's settings; also how a crashed consumer is brought back. */
  private async start(): Promise<void> {
    const handler = this.handler!;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, this.options.partitionsConsumedConcurrently ?? 1),
      eachBatch: (payload) => this.eachBatch(payload, handler),
    });
    this.started = true;
    if (this.paused) this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
  }

  private async restartAfterCrash(): Promise<void> {
    this.started = false;
    for (let attempt = 1; !this.isStopping(); attempt++) {
      await sleep(backoffDelay(attempt, this.deps.redelivery), this.stopSignal.signal);
      if (this.isStopping()) return;
      try {
        await this.consumer.connect();
        await this.start();
        this.deps.logger.info({ groupId: this.options.groupId, attempt }, 'kafka consumer restarted after a crash');
        return;
      } catch (err) {
        this.deps.logger.warn(
          { groupId: this.options.groupId, attempt, ...describeKafkaError(err) },
          'restarting the kafka consumer failed; retrying',
        );
      }
    }
  }

  pause(): void {
    this.paused = true;
    if (this.started) this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.started) this.consumer.resume(this.options.topics.map((topic) => ({ topic })));
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopSignal.abort();
      try {
        // Stop fetching, let the handlers in flight return, and commit what their deferred acks make durable
        // (the owner of the output, e.g. the sink, drains it meanwhile); only then leave the group, because a
        // commit after leaving is refused. kafkajs itself commits nothing: autoCommit is off.
        if (this.started) this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
        await Promise.allSettled([...this.handling]);
        await this.commits.settled();
        await this.consumer.disconnect();
      } catch (err) {
        this.deps.logger.warn(describeKafkaError(err), 'kafka consumer did not disconnect cleanly');
      }
      this.assigned = {};
    })();
    return this.stopping;
  }

  async lag(): Promise<number | undefined> {
    try {
      const admin = await this.deps.admin();
      let lag = 0;
      for (const [topic, partitions] of Object.entries(this.assigned)) {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: this.options.groupId, topics: [topic] }),
        ]);
        for (const p of partitions) {
          const end = ends.find((e) => e.partition === p);
          if (!end) continue;
          const c = committed[0]?.partitions.find((x) => x.partition === p)?.offset ?? '-1';
          lag += Number(end.high) - (c === '-1' ? Number(end.low) : Number(c));
        }
      }
      return lag;
    } catch (err) {
      this.deps.logger.debug(describeKafkaError(err), 'lag unknown: admin offsets failed');
      return undefined;
    }
  }

  assignment(): Record<string, number[]> {
    return Object.fromEntries(Object.entries(this.assigned).map(([t, ps]) => [t, [...ps]]));
  }

  private isStopping(): boolean {
    return this.stopSignal.signal.aborted;
  }

  private async eachBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch } = payload;
    try {
      const records = batch.messages.map((m) => toBusRecord(batch.topic, batch.partition, m));
      for (let i = 0; i < records.length; i += this.maxBatchSize) {
        if (!payload.isRunning() || payload.isStale() || this.isStopping()) return;
        if (!(await this.handleChunk(records.slice(i, i + this.maxBatchSize), payload, handler))) return;
      }
    } catch (err) {
      // A bug in this class, not in the handler: log it and let kafkajs refetch from the last resolved offset.
      this.deps.logger.error(describeKafkaError(err), 'unexpected error in eachBatch; the batch will be fetched again');
    }
  }

  /** Runs the handler on one chunk; true when it was committed and the next chunk may follow. */
  private async handleChunk(chunk: BusRecord[], payload: EachBatchPayload, handler: BatchHandler): Promise<boolean> {
    const first = chunk[0]!;
    const key = `${first.topic}:${first.partition}`;
    let rebalanced = false;
    const ctx: BatchContext = {
      heartbeat: () => this.heartbeat(payload, () => (rebalanced = true)),
      isStale: () => rebalanced || this.isStopping() || payload.isStale() || !payload.isRunning(),
    };
    const epoch = this.commits.epoch(key);
    // Keep the membership alive while a handler retries its sink for longer than the session timeout.
    const timer = setInterval(() => void ctx.heartbeat(), this.heartbeatMs);
    let outcome: void | DeferredAck;
    const call = handler(chunk, ctx);
    this.handling.add(call);
    try {
      outcome = await call;
    } catch (err) {
      clearInterval(timer);
      await this.redeliverLater(key, first, payload, err);
      return false;
    } finally {
      clearInterval(timer);
      this.handling.delete(call);
    }
    this.attempts.delete(key);
    // An earlier deferred batch of this partition failed while this one ran: the partition was rewound to before
    // this chunk, so moving the fetch position past it would skip records that were never made durable.
    if (this.commits.epoch(key) !== epoch) return false;
    const last = chunk[chunk.length - 1]!.offset;
    const next = (BigInt(last) + 1n).toString();
    payload.resolveOffset(last);
    if (outcome && typeof outcome === 'object' && 'durable' in outcome) {
      this.commits.defer(key, first, next, outcome.durable);
      return true;
    }
    // Durable now, but earlier deferred batches of the partition may not be: commit behind them, never past them.
    if (this.commits.hasDeferred(key)) {
      this.commits.defer(key, first, next, Promise.resolve());
      return true;
    }
    return this.commits.commit([{ topic: first.topic, partition: first.partition, offset: next }]);
  }

  private async redeliverLater(key: string, first: BusRecord, payload: EachBatchPayload, err: unknown): Promise<void> {
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const delayMs = backoffDelay(attempt, this.deps.redelivery);
    this.deps.logger.warn(
      {
        groupId: this.options.groupId,
        topic: first.topic,
        partition: first.partition,
        offset: first.offset,
        attempt,
        delayMs,
        code: (err as { code?: unknown })?.code ?? 'unknown',
      },
      'batch handler rejected; the batch will be redelivered after a backoff',
    );
    if (this.isStopping()) return; // leaving: the next member starts from the last commit
    const until = Date.now() + delayMs;
    while (!this.isStopping() && payload.isRunning() && Date.now() < until) {
      await sleep(Math.min(this.heartbeatMs, until - Date.now()), this.stopSignal.signal);
      await this.heartbeat(payload, () => {});
    }
    if (this.isStopping() || !payload.isRunning()) return;
    try {
      this.consumer.seek({ topic: first.topic, partition: first.partition, offset: first.offset });
    } catch (seekErr) {
      this.deps.logger.warn(
        describeKafkaError(seekErr),
        'seek back failed; kafkajs refetches from the last resolved offset',
      );
    }
  }

  private async heartbeat(payload: EachBatchPayload, onRebalance: () => void): Promise<void> {
    try {
      await payload.heartbeat();
    } catch (err) {
      const { type } = describeKafkaError(err);
      if (type && REBALANCE_TYPES.has(type)) onRebalance();
      else this.deps.logger.debug(describeKafkaError(err), 'heartbeat failed');
    }
  }
}

function toBusRecord(topic: string, partition: number, m: KafkaMessage): BusRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    if (v === undefined) continue;
    headers[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ? m.key.toString() : null,
    value: m.value ?? Buffer.alloc(0),
    headers,
    timestamp: Number(m.timestamp),
  };
}
