/**
 * Sliding windows in event time for the record detector: a sorted window (quantiles of the last `spanMs`), a running
 * mean, and a running maximum. Each is O(1) amortised per point except the sorted window's insert/remove, which is a
 * binary search plus one memmove (7 days of 1-minute points is ~10k numbers: microseconds).
 */

/** Points in time order with a head index, compacted now and then so memory stays bounded by the window. */
class TimedQueue {
  private ts: number[] = [];
  private vs: number[] = [];
  private head = 0;

  push(ts: number, v: number): void {
    this.ts.push(ts);
    this.vs.push(v);
  }
  get size(): number {
    return this.ts.length - this.head;
  }
  /** Removes and returns the values of points older than `before`. */
  expire(before: number, onExpire: (v: number) => void): void {
    while (this.head < this.ts.length && this.ts[this.head]! < before) onExpire(this.vs[this.head++]!);
    if (this.head > 4096 && this.head * 2 > this.ts.length) {
      this.ts = this.ts.slice(this.head);
      this.vs = this.vs.slice(this.head);
      this.head = 0;
    }
  }
  firstTs(): number | undefined {
    return this.head < this.ts.length ? this.ts[this.head] : undefined;
  }
  /** The value of the oldest point not older than `since`, without expiring anything. */
  firstValueSince(since: number): number | undefined {
    let i = this.head;
    while (i < this.ts.length && this.ts[i]! < since) i++;
    return i < this.vs.length ? this.vs[i] : undefined;
  }
  firstValue(): number | undefined {
    return this.head < this.vs.length ? this.vs[this.head] : undefined;
  }
  /** Drops the newest point (monotone-deque use). */
  popBack(): void {
    if (this.size > 0) {
      this.ts.pop();
      this.vs.pop();
    }
  }
  lastValue(): number | undefined {
    return this.size > 0 ? this.vs[this.vs.length - 1] : undefined;
  }
}

function lowerBound(a: number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The values of the last `spanMs`, kept sorted for quantiles. */
export class RollingQuantiles {
  private readonly q = new TimedQueue();
  private readonly sorted: number[] = [];
  constructor(private readonly spanMs: number) {}

  add(ts: number, v: number): void {
    this.q.push(ts, v);
    this.sorted.splice(lowerBound(this.sorted, v), 0, v);
  }
  /** Forgets points older than `now − spanMs`. */
  advance(now: number): void {
    this.q.expire(now - this.spanMs, (v) => this.sorted.splice(lowerBound(this.sorted, v), 1));
  }
  get size(): number {
    return this.sorted.length;
  }
  /** Linear-interpolated quantile, NaN when empty. */
  quantile(p: number): number {
    const a = this.sorted;
    if (a.length === 0) return NaN;
    const i = p * (a.length - 1);
    const f = Math.floor(i);
    const lo = a[f]!;
    return lo + (a[Math.min(f + 1, a.length - 1)]! - lo) * (i - f);
  }
}

/** Mean of the points of the last `spanMs` (including the newest). */
export class RollingMean {
  private readonly q = new TimedQueue();
  private sum = 0;
  constructor(private readonly spanMs: number) {}

  add(ts: number, v: number): number {
    this.q.push(ts, v);
    this.sum += v;
    // Keep the newest point even when the span is shorter than one step.
    this.q.expire(ts - this.spanMs + 1, (old) => (this.sum -= old));
    if (this.q.size === 0) {
      this.q.push(ts, v);
      this.sum = v;
    }
    return this.mean;
  }
  get mean(): number {
    return this.q.size ? Math.max(0, this.sum) / this.q.size : 0;
  }
  /** Points in the window. */
  get count(): number {
    return this.q.size;
  }
}

/** Maximum of the values of the last `spanMs` (monotone deque). */
export class RollingMax {
  private readonly q = new TimedQueue();
  constructor(private readonly spanMs: number) {}

  /** The maximum over (now − spanMs, …] of the values added so far; −∞ when none. */
  max(now: number): number {
    this.q.expire(now - this.spanMs, () => undefined);
    return this.q.firstValue() ?? -Infinity;
  }
  /** The same as `max(now)` without dropping expired points (a look-ahead must not change what a later `max` sees). */
  peekMax(now: number): number {
    return this.q.firstValueSince(now - this.spanMs) ?? -Infinity;
  }
  add(ts: number, v: number): void {
    while ((this.q.lastValue() ?? Infinity) <= v) this.q.popBack();
    this.q.push(ts, v);
  }
}
