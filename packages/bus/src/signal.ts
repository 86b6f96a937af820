/**
 * A level-free wake-up: `wait()` returns a promise that resolves at the next `notify()`. Waiters re-check their
 * condition after waking, so a notify that nobody awaited is harmless (no lost-wakeup bugs as long as the caller
 * takes `wait()` before re-checking).
 */
export class Signal {
  private pending: Promise<void>;
  private release!: () => void;

  constructor() {
    this.pending = this.fresh();
  }

  wait(): Promise<void> {
    return this.pending;
  }

  notify(): void {
    const release = this.release;
    this.pending = this.fresh();
    release();
  }

  private fresh(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.release = resolve;
    });
  }
}
