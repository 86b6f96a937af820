import { toVaktError, type VaktError } from '@vakt/errors/vakt-error';
import { backoffDelay, sleep, type BackoffOptions } from '@vakt/bus/backoff';

// One backoff for the whole pipeline: the bus's (exponential, capped, jittered into [50 %, 100 %]); its attempt
// numbers start at 1 for the first retry.
export { backoffDelay, sleep, type BackoffOptions };

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
      const delay = backoffDelay(attempt + 1, opts);
      await opts.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, opts.signal);
    }
  }
}
