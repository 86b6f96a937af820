/**
 * Exponential backoff with "equal jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter"; kafkajs
 * `retry`): the delay grows from `initialMs` by `factor` up to `maxMs`, then lands at a random point in the upper
 * half of that ceiling. Many clients failing together do not retry in lockstep, and a retry never collapses to zero
 * delay, which would hammer a recovering server.
 */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. Default 100 ms. */
  readonly initialMs?: number;
  /** Upper bound of any delay. Default 30 s. */
  readonly maxMs?: number;
  /** Growth per attempt. Default 2. */
  readonly factor?: number;
  /** Randomness in [0, 1), injected so tests are deterministic. Defaults to Math.random. */
  readonly random?: () => number;
}

/** Delay in ms before retry number `attempt` (1 = first retry): `min(max, initial * factor^(attempt-1))` jittered into [50 %, 100 %]. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 30_000;
  // The exponent is clamped so a long outage cannot overflow to Infinity before the cap applies.
  const ceiling = Math.min(max, initial * (options.factor ?? 2) ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}

/** The same schedule for a loop that counts its own failures: `next()` grows the delay until `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions = {}) {}

  /** Delay before the next attempt. */
  next(): number {
    this.attempt++;
    return backoffDelay(this.attempt, this.options);
  }

  reset(): void {
    this.attempt = 0;
  }
}
