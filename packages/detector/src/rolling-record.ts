/**
 * The largest value seen over a sliding window of event time (a monotonic deque: O(1) amortised per value), for
 * "record" rules: mention streams are heavy-tailed, so what deserves a page is a burst bigger than the ordinary
 * bursts of the last month, not one that clears a fixed statistical bar (which ordinary bursts clear every week).
 */
export class RollingRecord {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private head = 0;

  constructor(private readonly spanMs: number) {}

  /** Adds `value` observed at `at` (event time, not decreasing). */
  push(at: number, value: number): void {
    while (this.values.length > this.head && this.values[this.values.length - 1]! <= value) {
      this.values.pop();
      this.times.pop();
    }
    this.times.push(at);
    this.values.push(value);
    this.compact();
  }

  /** The largest value in (at − span, at], or −Infinity when none. */
  max(at: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= at - this.spanMs) this.head += 1;
    this.compact();
    return this.head < this.values.length ? this.values[this.head]! : -Infinity;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.values.splice(0, this.head);
      this.head = 0;
    }
  }
}
