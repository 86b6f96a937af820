import { VaktError } from '@vakt/errors/vakt-error';

/**
 * Lets a producer wait until what it sent is durable further down the pipeline. Embedded mode needs it: its bus
 * lives in memory, so "sent to the bus" is not "will not be lost" — a SIGKILL would drop it. There, ingest answers
 * 202 only once the sink has inserted the mentions into chdb (or the DLQ has taken them). Distributed mode does not
 * use it: a Kafka ack is already durable.
 */
export class DurableAcks {
  private readonly waiting = new Map<string, Set<() => void>>();
  /** Why the last write failed, until one succeeds: a timeout names it (e.g. ClickHouse out of disk). */
  private lastFailure: VaktError | undefined;

  /** The sink reports each write's outcome: a failure is kept (and named by timeouts) until a write succeeds. */
  noteWrite(failure: VaktError | undefined): void {
    this.lastFailure = failure;
  }

  /** Resolves when every key was reported done; rejects (retriable) after `timeoutMs`. */
  wait(keys: readonly string[], timeoutMs: number): Promise<void> {
    if (keys.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let left = new Set(keys).size;
      const callbacks = new Map<string, () => void>();
      const cleanup = (): void => {
        for (const [key, cb] of callbacks) {
          const set = this.waiting.get(key);
          set?.delete(cb);
          if (set?.size === 0) this.waiting.delete(key);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const why = this.lastFailure;
        reject(why
          ? new VaktError(why.code, `accepted mentions were not stored within ${timeoutMs} ms because the store refuses writes: ${why.message}; retry the request`, { retriable: true, cause: why, context: why.context })
          : new VaktError('VAKT_KAFKA_PRODUCE', `accepted mentions were not durable within ${timeoutMs} ms; retry the request`, { retriable: true }));
      }, timeoutMs);
      for (const key of new Set(keys)) {
        const cb = (): void => {
          callbacks.delete(key);
          if (--left === 0) {
            clearTimeout(timer);
            cleanup();
            resolve();
          }
        };
        callbacks.set(key, cb);
        const set = this.waiting.get(key) ?? new Set();
        set.add(cb);
        this.waiting.set(key, set);
      }
    });
  }

  /** Reports keys as durable (inserted, or dead-lettered with a reason). Unknown keys are ignored. */
  done(keys: Iterable<string>): void {
    for (const key of keys) {
      const set = this.waiting.get(key);
      if (!set) continue;
      this.waiting.delete(key);
      for (const cb of set) cb();
    }
  }

  /** Keys someone is waiting for: bounded by in-flight requests. */
  get pending(): number {
    return this.waiting.size;
  }
}
