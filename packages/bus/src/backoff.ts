/** Retry timing for redelivery after a handler rejected. Exponential, capped, with jitter (kafkajs `retry`). */
export interface BackoffOptions {
  /** Delay before the first redelivery. Default 100 ms. */
  initialMs?: number;
  /** Upper bound of any delay. Default 30 s. */
  maxMs?: number;
  /** Injected randomness in [0, 1) for the jitter; defaults to Math.random. */
  random?: () => number;
}

/**
 * Delay before attempt `attempt` (1 = first retry): `min(max, initial * 2^(attempt-1))`, then scaled into
 * [50 %, 100 %] of that by jitter so that many consumers failing together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const exp = Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp * (0.5 + 0.5 * random()));
}

/** Resolves after `ms`, or early when `abort` fires (used so that `stop()` does not wait out a long backoff). */
export function sleep(ms: number, abort?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (abort?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      abort?.removeEventListener('abort', done);
      resolve();
    }
    abort?.addEventListener('abort', done, { once: true });
  });
}
