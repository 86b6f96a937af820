import { VaktError } from '@vakt/errors/vakt-error';

/**
 * Lets a producer wait until what it sent is durable further down the pipeline. Embedded mode needs it: its bus
 * lives in memory, so "sent to the bus" is not "will not be lost" — a SIGKILL would drop it. There, ingest answers
 * 202 only once the sink has inserted the mentions into chdb (or the DLQ has taken them). Distributed mode does not
 * use it: a Kafka ack is already durable.
 */
export interface DurableAcksOptions {
  now?: () => number;
  /**
   * A store that has refused every write (retriable failures only, e.g. out of disk) for this long is "refusing":
   * waiters are rejected at once and `refusal()` tells ingest to answer 503 before it enqueues anything, instead of
   * every request hanging for its whole timeout while the in-memory bus fills. Default 5 s.
   */
  refuseAfterMs?: number;
}

export class DurableAcks {
  private readonly waiting = new Map<string, Set<() => void>>();
  /** Why the last write failed, until one succeeds: a timeout names it (e.g. ClickHouse out of disk). */
  private lastFailure: VaktError | undefined;
  /** Since when every write has failed retriably; undefined after a success. */
  private failingSince: number | undefined;
  /** Rejects each pending wait(); used when the store turns out to be refusing. */
  private readonly rejecters = new Set<(e: VaktError) => void>();
  private readonly now: () => number;
  private readonly refuseAfterMs: number;

  constructor(options: DurableAcksOptions = {}) {
    this.now = options.now ?? Date.now;
    this.refuseAfterMs = options.refuseAfterMs ?? 5_000;
  }

  /**
   * The sink reports each write's outcome: a failure is kept (and named by timeouts) until a write succeeds. A
   * non-retriable failure (a poison batch, dead-lettered by the sink) says nothing about the store and is ignored.
   */
  noteWrite(failure: VaktError | undefined): void {
    if (!failure) {
      this.lastFailure = undefined;
      this.failingSince = undefined;
      return;
    }
    if (!failure.retriable) return;
    this.lastFailure = failure;
    this.failingSince ??= this.now();
    const refusal = this.refusal();
    if (refusal) for (const reject of [...this.rejecters]) reject(refusal);
  }

  /**
   * The error to answer with instead of accepting more: set once the store has refused every write for
   * `refuseAfterMs`, cleared by the next successful write.
   */
  refusal(): VaktError | undefined {
    const why = this.lastFailure;
    if (!why || this.failingSince === undefined) return undefined;
    const forMs = this.now() - this.failingSince;
    if (forMs < this.refuseAfterMs) return undefined;
    return new VaktError(
      why.code,
      `the store has refused writes for ${Math.round(forMs / 1000)} s: ${why.message}; retry the request later`,
      { retriable: true, cause: why, context: why.context },
    );
  }

  /** Resolves when every key was reported done; rejects (retriable) after `timeoutMs`. */
  wait(keys: readonly string[], timeoutMs: number): Promise<void> {
    if (keys.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let left = new Set(keys).size;
      const callbacks = new Map<string, () => void>();
      const cleanup = (): void => {
        this.rejecters.delete(fail);
        for (const [key, cb] of callbacks) {
          const set = this.waiting.get(key);
          set?.delete(cb);
          if (set?.size === 0) this.waiting.delete(key);
        }
      };
      const fail = (e: VaktError): void => {
        clearTimeout(timer);
        cleanup();
        reject(e);
      };
      const timer = setTimeout(() => {
        const why = this.lastFailure;
        fail(
          why
            ? new VaktError(
                why.code,
                `accepted mentions were not stored within ${timeoutMs} ms because the store refuses writes: ${why.message}; retry the request`,
                { retriable: true, cause: why, context: why.context },
              )
            : new VaktError(
                'VAKT_KAFKA_PRODUCE',
                `accepted mentions were not durable within ${timeoutMs} ms; retry the request`,
                { retriable: true },
              ),
        );
      }, timeoutMs);
      this.rejecters.add(fail);
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
