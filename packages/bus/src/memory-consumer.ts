import { VaktError } from '@vakt/errors/vakt-error';
import { backoffDelay } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';
import { tpKey, type MemoryGroup } from './memory-group.js';
import type { MemoryBusState } from './memory-state.js';
import type { BatchContext, BatchHandler, BusConsumer, BusRecord, ConsumerOptions } from './types.js';

/**
 * A member of an in-process consumer group. One worker per assigned partition reads from the group's committed
 * offset, hands at most `maxBatchSize` records to the handler, and commits only after it resolves; a rejection
 * leaves the offset where it was, so the same records come again after a backoff (to this member or, after a
 * rebalance, to the next owner). At most `partitionsConsumedConcurrently` handlers of this member run at once.
 */
export class MemoryConsumer implements BusConsumer {
  readonly groupId: string;
  readonly topics: string[];
  readonly fromBeginning: boolean;
  private readonly maxBatchSize: number;
  private slots: number;
  private handler: BatchHandler | undefined;
  private running = false;
  private paused = false;
  private stopping: Promise<void> | undefined;
  private assigned: Record<string, number[]> = {};
  /** The live worker per partition; a worker whose token was replaced or removed exits at its next check. */
  private readonly workers = new Map<string, symbol>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly attempts = new Map<string, number>();
  private readonly stopSignal = new AbortController();

  constructor(
    private readonly state: MemoryBusState,
    options: ConsumerOptions,
  ) {
    if (!options.groupId) throw new VaktError('VAKT_CONFIG_INVALID', 'consumer groupId must be a non-empty string');
    if (!Array.isArray(options.topics) || options.topics.length === 0) {
      throw new VaktError('VAKT_CONFIG_INVALID', 'consumer topics must be a non-empty list of topic names');
    }
    this.groupId = options.groupId;
    this.topics = [...new Set(options.topics)];
    this.fromBeginning = options.fromBeginning ?? true;
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 500);
    this.slots = Math.max(1, options.partitionsConsumedConcurrently ?? 1);
  }

  async run(handler: BatchHandler): Promise<void> {
    if (this.handler) throw new Error('BusConsumer.run() may be called once per consumer');
    if (this.stopping) throw new Error('BusConsumer.run() after stop()');
    this.handler = handler;
    this.running = true;
    this.state.join(this);
  }

  /** Called by the group on every rebalance with this member's new partitions. */
  assign(assignment: Record<string, number[]>): void {
    this.assigned = assignment;
    const keep = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const p of partitions) {
        const key = tpKey(topic, p);
        keep.add(key);
        if (this.workers.has(key)) continue;
        const token = Symbol(key);
        this.workers.set(key, token);
        void this.work(topic, p, token);
      }
    }
    for (const key of [...this.workers.keys()]) if (!keep.has(key)) this.workers.delete(key);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.state.wake.notify();
  }

  stop(): Promise<void> {
    this.stopping ??= this.drainAndLeave();
    return this.stopping;
  }

  async lag(): Promise<number | undefined> {
    const group = this.state.group(this.groupId);
    let lag = 0;
    for (const [topic, partitions] of Object.entries(this.assigned)) {
      for (const p of partitions) {
        const log = this.state.topic(topic).partitions[p]!;
        lag += log.end - (group.committed.get(tpKey(topic, p)) ?? log.base);
      }
    }
    return lag;
  }

  assignment(): Record<string, number[]> {
    return Object.fromEntries(Object.entries(this.assigned).map(([t, ps]) => [t, [...ps]]));
  }

  private owns(key: string, token: symbol): boolean {
    return this.running && this.workers.get(key) === token;
  }

  private async drainAndLeave(): Promise<void> {
    const joined = this.running;
    this.running = false;
    this.stopSignal.abort();
    this.state.wake.notify();
    // Handlers see isStale() === true now; what they still complete is committed, then the group moves on.
    await Promise.allSettled([...this.inFlight]);
    this.workers.clear();
    this.assigned = {};
    if (joined) this.state.leave(this);
  }

  private async work(topic: string, partition: number, token: symbol): Promise<void> {
    const key = tpKey(topic, partition);
    const group = this.state.group(this.groupId);
    const log = this.state.topic(topic).partitions[partition]!;
    while (this.owns(key, token)) {
      const woken = this.state.wake.wait();
      const busy = group.inFlight.get(key);
      if (busy) {
        // The previous owner's batch is still in its handler: wait, so the partition stays in order.
        await busy;
        continue;
      }
      const position = group.committed.get(key) ?? log.base;
      if (this.paused || this.slots === 0 || position >= log.end) {
        await woken;
        continue;
      }
      this.slots--;
      const records = log.read(position, this.maxBatchSize);
      const run: Promise<void> = this.handle(records, key, token, group).finally(() => {
        this.slots++;
        group.inFlight.delete(key);
        this.inFlight.delete(run);
        this.state.wake.notify();
      });
      group.inFlight.set(key, run);
      this.inFlight.add(run);
      await run;
    }
  }

  private async handle(records: BusRecord[], key: string, token: symbol, group: MemoryGroup): Promise<void> {
    const first = records[0]!;
    const ctx: BatchContext = { heartbeat: async () => {}, isStale: () => !this.owns(key, token) };
    try {
      // A deferred ack is awaited here before the commit: this bus reads each partition from its committed offset,
      // and in one process there is no fetch round trip worth overlapping with the sink's insert.
      const outcome = await this.handler!(records, ctx);
      if (outcome && typeof outcome === 'object' && 'durable' in outcome) await outcome.durable;
    } catch (err) {
      const attempt = (this.attempts.get(key) ?? 0) + 1;
      this.attempts.set(key, attempt);
      const delayMs = backoffDelay(attempt, this.state.options.retry);
      this.state.options.logger.warn(
        {
          groupId: this.groupId,
          topic: first.topic,
          partition: first.partition,
          offset: first.offset,
          attempt,
          delayMs,
          code: (err as { code?: unknown })?.code ?? 'unknown',
        },
        'batch handler rejected; the batch will be redelivered after a backoff',
      );
      await sleep(delayMs, this.stopSignal.signal);
      return;
    }
    this.attempts.delete(key);
    // Partitions are exclusive (a new owner waits for this batch), so a batch that completed after a rebalance is
    // still safe to commit, and committing it avoids redelivering finished work.
    this.state.commit(group, first.topic, first.partition, Number(records[records.length - 1]!.offset) + 1);
  }
}
