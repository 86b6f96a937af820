import { sleep } from '@vakt/retry/sleep';

/**
 * Token bucket: `capacity` requests, refilled continuously at `perMinute`. `take()` waits until a token is free.
 * The server's own headers (Reddit's X-Ratelimit-*, Retry-After) can only make it slower: `blockUntil(t)`.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private blockedUntil = 0;

  constructor(
    private readonly perMinute: number,
    private readonly capacity = perMinute,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Refuses everything until `timeMs` (from a 429 Retry-After or an exhausted X-Ratelimit-Remaining). */
  blockUntil(timeMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, timeMs);
  }

  /** Resolves when a request may be sent; false if `signal` aborted while waiting. */
  async take(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const t = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.perMinute) / 60_000);
      this.last = t;
      if (t < this.blockedUntil) {
        await this.wait(this.blockedUntil - t, signal);
        continue;
      }
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return true;
      }
      await this.wait(Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute), signal);
    }
  }
}
