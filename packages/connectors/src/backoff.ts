/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): spreads
 * reconnects of many clients after a shared outage. `random` is injected so tests are deterministic.
 */
export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  readonly factor?: number;
  readonly random?: () => number;
}

export class Backoff {
  private attempt = 0;
  constructor(private readonly o: BackoffOptions = {}) {}

  /** Delay before the next attempt; grows until `reset()`. */
  next(): number {
    const initial = this.o.initialMs ?? 500;
    const cap = this.o.maxMs ?? 60_000;
    const ceiling = Math.min(cap, initial * (this.o.factor ?? 2) ** this.attempt);
    this.attempt++;
    // Never below half the ceiling: pure full jitter can retry instantly, which hammers a recovering server.
    return Math.round(ceiling / 2 + (this.o.random ?? Math.random)() * (ceiling / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Sleeps `ms`, resolving early (without rejecting) when `signal` aborts, so stop() is never held up by a wait. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
