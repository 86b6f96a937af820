import { toVaktError, type VaktError } from '@vakt/errors/vakt-error';

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Randomness source, injectable for deterministic tests. */
  random?: () => number;
}

/** Exponential backoff with full jitter and a cap (as kafkajs `retry/index.js` and AWS' guidance). */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const initial = opts.initialMs ?? 100;
  const max = opts.maxMs ?? 30_000;
  const factor = opts.factor ?? 2;
  const ceiling = Math.min(max, initial * factor ** Math.max(0, attempt));
  const rnd = (opts.random ?? Math.random)();
  return Math.round(ceiling / 2 + (ceiling / 2) * rnd);
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

export interface RetryOptions extends BackoffOptions {
  /** Attempts in total; Infinity retries until `signal` aborts. */
  attempts?: number;
  signal?: AbortSignal;
  onRetry?: (error: VaktError, attempt: number, delayMs: number) => void | Promise<void>;
}

/**
 * Runs `fn` until it succeeds, retrying only retriable VaktErrors. Non-retriable errors and exhausted budgets are
 * thrown to the caller, who dead-letters or alerts: `retriable` decides the path.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (thrown) {
      const error = toVaktError(thrown);
      if (!error.retriable || attempt + 1 >= attempts || opts.signal?.aborted) throw error;
      const delay = backoffDelay(attempt, opts);
      await opts.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, opts.signal);
    }
  }
}
