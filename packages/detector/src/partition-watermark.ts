/**
 * How far event time has progressed on every partition of the input, so a window closes only when all partitions
 * have passed it.
 *
 * Why: a consumer reading a backlog (after downtime, a connector's back-fill, or an upstream stage catching up)
 * gets one partition's batch at a time. A watermark taken from the newest mention seen jumps to the end of the first
 * partition's batch, and the same minutes' mentions from the other partitions then all arrive "late". Here the
 * watermark is the minimum over the assigned partitions of each one's newest event time, minus the lateness.
 *
 * A partition that has delivered nothing for `idleMs` on the clock stops holding the watermark back (an empty
 * partition must not stall every window), and holds again from its next mention. "Caught up" (a batch reaching the
 * end of its partition) is not a reason to let go: the stage upstream (the scorer) may itself be behind, serving its
 * input partitions in turn, so a caught-up partition still receives mentions older than the other partitions'
 * newest. `idleMs` must therefore be longer than such a round of the upstream stage under load (a few seconds for a
 * scorer with a backlog) and than the consumer's own fetch round. A newly assigned partition holds from the
 * assignment (it may be the one with the oldest backlog). With no partition known (one ordered stream, as in the
 * replay bench) nothing is held back: `current` is +Infinity.
 */
export interface PartitionWatermarkOptions {
  latenessMs: number;
  idleMs: number;
}

interface PartitionState {
  /** Newest event time delivered (-Infinity before the first mention). */
  latest: number;
  /** Clock of the last mention, or of the assignment before the first. */
  lastSeenAt: number;
}

export class PartitionWatermark {
  private readonly partitions = new Map<number, PartitionState>();

  constructor(private readonly options: PartitionWatermarkOptions) {}

  /** The partitions assigned now: new ones hold the watermark until they deliver or go idle; gone ones no longer. */
  assign(partitions: readonly number[], clock: number): void {
    const keep = new Set(partitions);
    for (const p of this.partitions.keys()) if (!keep.has(p)) this.partitions.delete(p);
    for (const p of partitions)
      if (!this.partitions.has(p)) this.partitions.set(p, { latest: -Infinity, lastSeenAt: clock });
  }

  /** One mention of `partition` with event time `at`, seen at `clock`. */
  observe(partition: number, at: number, clock: number): void {
    const s = this.partitions.get(partition);
    if (!s) this.partitions.set(partition, { latest: at, lastSeenAt: clock });
    else {
      s.lastSeenAt = clock;
      if (at > s.latest) s.latest = at;
    }
  }

  /** Event time up to which windows may close: +Infinity when no partition holds them back. */
  current(clock: number): number {
    let min = Infinity;
    for (const s of this.partitions.values())
      if (clock - s.lastSeenAt < this.options.idleMs && s.latest < min) min = s.latest;
    return min === Infinity ? Infinity : min - this.options.latenessMs;
  }
}
