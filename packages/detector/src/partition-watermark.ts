/**
 * How far each watch's mentions have progressed on each partition of the input, so a watch's window closes only
 * when every partition still being read has passed it.
 *
 * Why: a consumer reading a backlog (after downtime, or a connector's back-fill) gets one partition's batch at a
 * time. A watermark taken from the newest mention seen jumps to the end of the first partition's batch, and the same
 * minutes' mentions from the other partitions then all arrive "late". Here a watch's watermark is held at the
 * minimum, over the partitions that may still deliver older mentions of it, of its newest event time there (minus
 * the lateness). Per watch, not per partition alone: a back-fill posts one query's history after another's, so
 * within a partition one watch's old mentions follow another watch's newer ones.
 *
 * A partition holds the watermarks back while it may still hide older mentions:
 * - it is assigned and has not delivered a batch yet, or its last batch did not reach the partition's end (or the
 *   bus did not say): it is being read, and its next batch continues where this one stopped;
 * - and it has had a batch within `idleMs` on the clock. A consumer reading a backlog serves every partition in each
 *   fetch round, far more often than that, so a partition silent for longer has nothing to deliver; waiting longer
 *   would delay every window while a partition is empty (the watch detector's quiet-lull rule uses the same span).
 * A partition whose last batch reached its end holds nothing back: what it delivers next was written after that
 * batch, live traffic, so live windows close as soon as with one ordered stream. Mentions of one batch are all
 * observed before any window closes (`observe`, then `batchDone`), so their order within the batch does not matter.
 */
export interface PartitionWatermarkOptions {
  latenessMs: number;
  idleMs: number;
}

interface PartitionState {
  /** Clock of the last batch, or of the assignment before the first batch. */
  lastBatchAt: number;
  /** The last batch reached the partition's end when it was fetched. */
  caughtUp: boolean;
}

export class PartitionWatermark {
  private readonly partitions = new Map<number, PartitionState>();
  /** Per key (watch), per partition: the newest event time delivered. */
  private readonly latest = new Map<string, Map<number, number>>();

  constructor(private readonly options: PartitionWatermarkOptions) {}

  /** The partitions assigned now: new ones hold the watermarks back until they deliver or go idle; gone ones stop. */
  assign(partitions: readonly number[], clock: number): void {
    const keep = new Set(partitions);
    for (const p of this.partitions.keys()) if (!keep.has(p)) this.partitions.delete(p);
    for (const p of partitions)
      if (!this.partitions.has(p)) this.partitions.set(p, { lastBatchAt: clock, caughtUp: false });
  }

  /** One mention of `key` from `partition` with event time `at`. */
  observe(key: string, partition: number, at: number): void {
    let byPartition = this.latest.get(key);
    if (!byPartition) this.latest.set(key, (byPartition = new Map()));
    if (at > (byPartition.get(partition) ?? -Infinity)) byPartition.set(partition, at);
  }

  /** A batch of `partition` was observed; `recordsBehind`: records after it when fetched (undefined: unknown). */
  batchDone(partition: number, recordsBehind: number | undefined, clock: number): void {
    this.partitions.set(partition, { lastBatchAt: clock, caughtUp: recordsBehind === 0 });
  }

  /** Event time up to which `key`'s windows may close: +Infinity when no partition holds them back. */
  current(key: string, clock: number): number {
    const byPartition = this.latest.get(key);
    let min = Infinity;
    for (const [p, s] of this.partitions) {
      if (s.caughtUp || clock - s.lastBatchAt >= this.options.idleMs) continue;
      min = Math.min(min, byPartition?.get(p) ?? -Infinity);
    }
    return min === Infinity ? Infinity : min - this.options.latenessMs;
  }
}
