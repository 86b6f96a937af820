import type { Consumer } from 'kafkajs';
import { sleep } from '@vakt/retry/sleep';
import { describeKafkaError } from './kafka-errors.js';
import type { Logger } from './logger.js';
import type { BusRecord } from './types.js';

/** The next offset to read of one partition, as kafkajs commits it. */
interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The offset commits of one kafkajs consumer: a batch's offset is committed only once its output is durable and every
 * earlier batch of the same partition is committed. Kept apart from `KafkaBusConsumer` (fetching, handlers, backoff,
 * group membership) because the ordering of deferred commits, their epochs and rewinds is a concern of its own
 * with its own failure cases (`test/kafka-deferred.test.ts`).
 */
export class OffsetCommits {
  /** Per partition: deferred commits chained in offset order, and an epoch bumped when the partition is rewound. */
  private readonly deferred = new Map<string, { epoch: number; tail: Promise<void> }>();
  /** Deferred commits not yet settled; the consumer's stop() waits for them before leaving the group. */
  private readonly unsettled = new Set<Promise<void>>();
  private readonly commitQueue = new Map<string, PartitionOffset>();
  private commitFlush: Promise<boolean> | undefined;

  constructor(
    private readonly consumer: Pick<Consumer, 'commitOffsets' | 'seek'>,
    private readonly deps: { logger: Logger; groupId: string; isStopping: () => boolean },
  ) {}

  /** The partition's rewind epoch: a handler compares it before and after it ran (0 until the first deferred commit). */
  epoch(key: string): number {
    return this.deferred.get(key)?.epoch ?? 0;
  }

  /** Whether the partition ever had a deferred commit (a later commit must then queue behind the chain). */
  hasDeferred(key: string): boolean {
    return this.deferred.has(key);
  }

  /** Settles once every deferred commit made so far has been committed or given up. */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.unsettled]);
  }

  /**
   * Deferred commits of all partitions that become durable within a few milliseconds (one insert or produce acks
   * a batch of every partition) share one OffsetCommit request instead of one each.
   */
  private commitBatched(first: BusRecord, offset: string): Promise<boolean> {
    this.commitQueue.set(`${first.topic}:${first.partition}`, {
      topic: first.topic,
      partition: first.partition,
      offset,
    });
    this.commitFlush ??= sleep(5).then(() => {
      const offsets = [...this.commitQueue.values()];
      this.commitQueue.clear();
      this.commitFlush = undefined;
      return this.commit(offsets);
    });
    return this.commitFlush;
  }

  /** Commits the offsets (each the next one to read of its partition); false if the commit was refused. */
  async commit(offsets: PartitionOffset[]): Promise<boolean> {
    try {
      await this.consumer.commitOffsets(offsets);
      return true;
    } catch (err) {
      // Lost the partition or the coordinator: the next owner (or a later commit of ours) covers these records;
      // at worst they are delivered again, which downstream idempotency absorbs.
      this.deps.logger.warn(
        {
          groupId: this.deps.groupId,
          partitions: offsets.map((o) => `${o.topic}:${o.partition}`),
          ...describeKafkaError(err),
        },
        'offset commit failed; the records may be delivered again',
      );
      return false;
    }
  }

  /**
   * Commits `offset` once `durable` resolves and every earlier deferred batch of the partition is committed. If it
   * rejects, the partition is rewound to the batch's first offset and the epoch moves on, so later batches already
   * accepted are not committed (they are fetched again after the rewound ones).
   */
  defer(key: string, first: BusRecord, offset: string, durable: Promise<void>): void {
    let chain = this.deferred.get(key);
    if (!chain) this.deferred.set(key, (chain = { epoch: 0, tail: Promise.resolve() }));
    const state = chain;
    const epoch = state.epoch;
    durable.catch(() => undefined); // handled in order below; this keeps Node from reporting it unhandled meanwhile
    const settled = state.tail.then(async () => {
      try {
        await durable;
      } catch (err) {
        if (state.epoch !== epoch) return;
        state.epoch++;
        this.rewind(first, err);
        return;
      }
      if (state.epoch === epoch) await this.commitBatched(first, offset);
    });
    state.tail = settled;
    this.unsettled.add(settled);
    void settled.finally(() => this.unsettled.delete(settled));
  }

  private rewind(first: BusRecord, err: unknown): void {
    const where = {
      groupId: this.deps.groupId,
      topic: first.topic,
      partition: first.partition,
      offset: first.offset,
    };
    if (this.deps.isStopping()) {
      // Leaving: the next owner starts from the last commit, which is before this batch.
      this.deps.logger.info(
        { ...where, code: (err as { code?: unknown })?.code ?? 'unknown' },
        'deferred batch not durable at shutdown; it will be delivered again',
      );
      return;
    }
    this.deps.logger.warn(
      { ...where, code: (err as { code?: unknown })?.code ?? 'unknown' },
      'deferred batch failed; rewinding the partition to redeliver it',
    );
    try {
      this.consumer.seek({ topic: first.topic, partition: first.partition, offset: first.offset });
    } catch (seekErr) {
      this.deps.logger.warn(
        describeKafkaError(seekErr),
        'rewind failed; the partition is redelivered from its last commit after the next rebalance',
      );
    }
  }
}
