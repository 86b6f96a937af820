/**
 * The message bus Vakt's services speak: Kafka in distributed mode, an in-process implementation with the same
 * semantics in embedded mode (`vakt up`) and in tests. Services and stages depend on these interfaces only.
 */

/** A record to produce. `key` decides the partition (same key, same partition, in order). */
export interface OutgoingRecord {
  key: string | null;
  value: Buffer | string;
  headers?: Record<string, string>;
}

/** A consumed record. `offset` is a decimal string as in Kafka. */
export interface BusRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  /** Broker timestamp (ms since epoch) at produce time. */
  timestamp: number;
}

export interface BusProducer {
  /**
   * Resolves only when every record is durable (Kafka: acks from all in-sync replicas). Rejects with a VaktError
   * (`VAKT_KAFKA_PRODUCE`/`VAKT_KAFKA_UNAVAILABLE`, retriable) when it is not; the caller must not ack its input then.
   */
  send(topic: string, records: OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface BatchContext {
  /** Keeps the group membership alive during long work (e.g. retrying a ClickHouse insert). */
  heartbeat(): Promise<void>;
  /** True once a rebalance or stop made this batch's partition someone else's: stop work, do not commit. */
  isStale(): boolean;
}

/**
 * A handler's answer "accepted, durable later": the consumer may fetch on while `durable` is pending and commits the
 * batch's offsets when it resolves, in offset order per partition. A sink that groups rows from many batches into
 * one large insert returns this, so it keeps consuming while an insert is in flight instead of holding every
 * partition for the whole insert (on a broker that hands out one record batch per partition per fetch, as
 * librdkafka's mock does, that wait capped an insert at one producer batch per partition). If `durable` rejects,
 * the partition is rewound to the batch's first offset; later batches of the partition are not committed either
 * and come again (idempotent writes downstream absorb the repeat). The handler bounds how much it has accepted by
 * not resolving until it has room (backpressure).
 */
export interface DeferredAck {
  durable: Promise<void>;
}

/**
 * Handles one batch of records from one partition, in offset order. The consumer commits the batch's offsets only
 * after the returned promise resolves, so resolving means "my output is durable" (or, with a DeferredAck, "it will
 * be when `durable` resolves"). Rejecting means "nothing of this batch is durable": the consumer seeks back and
 * redelivers it (after backoff). Handlers therefore route poison to the DLQ themselves and resolve; they reject only
 * for retriable failures of their outputs.
 */
export type BatchHandler = (records: BusRecord[], ctx: BatchContext) => Promise<void | DeferredAck>;

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. Default: earliest (nothing ingested is skipped). */
  fromBeginning?: boolean;
  /** How many partitions' batches may be in the handler at once. Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Upper bound on records handed to one handler call. */
  maxBatchSize?: number;
}

export interface BusConsumer {
  /** Starts consuming; resolves once the consumer has joined its group. */
  run(handler: BatchHandler): Promise<void>;
  /** Stops fetching (backpressure). Batches already in the handler finish. Idempotent. */
  pause(): void;
  resume(): void;
  /** Stops fetching, waits for in-flight handlers, commits what they completed, leaves the group. */
  stop(): Promise<void>;
  /** Records behind the log end summed over assigned partitions, when known. */
  lag(): Promise<number | undefined>;
  /** Partitions currently assigned to this member, per topic. */
  assignment(): Record<string, number[]>;
}

export interface TopicSpec {
  name: string;
  partitions: number;
}

export interface MessageBus {
  /** Creates topics that do not exist. Tolerates brokers that auto-create and ones that refuse admin calls. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  producer(): Promise<BusProducer>;
  consumer(options: ConsumerOptions): Promise<BusConsumer>;
  close(): Promise<void>;
}
