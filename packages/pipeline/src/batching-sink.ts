import type { Result } from '@vakt/errors/result';
import { VaktError } from '@vakt/errors/vakt-error';
import { backoffDelay } from '@vakt/retry/backoff';
import { sleep } from '@vakt/retry/sleep';

export interface BatchingSinkOptions<T> {
  /** Writes one batch; resolves ok only when the rows are durable. Retriable errors are retried without limit. */
  writeBatch: (rows: T[]) => Promise<Result<void>>;
  /** Called for rows a non-retriable write error pins on them (found by splitting the batch). */
  onPoison: (row: T, error: VaktError) => Promise<void>;
  onRetry?: (error: VaktError, attempt: number, delayMs: number) => void;
  /** Flush when this many rows wait … */
  maxRows?: number;
  /** … or when the oldest has waited this long. */
  maxWaitMs?: number;
  /** Bound on rows held in memory; `add` waits while it is exceeded (backpressure reaches the consumer). */
  maxPendingRows?: number;
  maxBackoffMs?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Groups rows from many consumer batches into few large inserts (ClickHouse wants big, rare inserts). `add` resolves
 * only after the rows it added are durable, so the consumer commits offsets after the insert, never before. While
 * ClickHouse is down the flush retries with capped backoff; `add` calls keep waiting, the consumer stops fetching,
 * and memory stays bounded by `maxPendingRows`.
 */
export class BatchingSink<T> {
  private buffer: T[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private inFlightRows = 0;
  private readonly stopController = new AbortController();
  private spaceWaiters: Array<() => void> = [];

  constructor(private readonly opts: BatchingSinkOptions<T>) {}

  get pendingRows(): number {
    return this.buffer.length + this.inFlightRows;
  }

  /** Resolves once the rows are durable (the handler that awaits this holds its partition for the insert). */
  async add(rows: T[]): Promise<void> {
    const { durable } = await this.accept(rows);
    return durable;
  }

  /**
   * Takes the rows as soon as there is room under `maxPendingRows` and answers with the promise of their
   * durability: a consumer handler returns this as its DeferredAck and fetches on while the insert runs.
   */
  async accept(rows: T[]): Promise<{ durable: Promise<void> }> {
    if (this.stopController.signal.aborted)
      throw new VaktError('VAKT_SHUTDOWN_TIMEOUT', 'sink is stopping', { retriable: true });
    const maxPending = this.opts.maxPendingRows ?? 50_000;
    while (this.pendingRows > 0 && this.pendingRows + rows.length > maxPending) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    const durable = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    durable.catch(() => undefined); // the caller may attach its handler later; a rejection must not crash the process
    this.buffer.push(...rows);
    if (this.buffer.length >= (this.opts.maxRows ?? 5_000)) this.flushSoon(0);
    else this.flushSoon(this.opts.maxWaitMs ?? 200);
    return { durable };
  }

  /**
   * Flushes what is buffered and waits for it. It chains flushes directly instead of going through the timer: a
   * drain that waited on a timer it keeps re-arming would spin on microtasks and starve every timer in the process.
   */
  async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
      await this.flushing;
    }
    await this.flushing;
  }

  /** Stops retrying; pending adds reject so their offsets stay uncommitted and are redelivered after restart. */
  stop(): void {
    this.stopController.abort();
    clearTimeout(this.timer);
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    const waiters = this.waiters;
    this.buffer = [];
    this.waiters = [];
    this.inFlightRows = rows.length;
    try {
      await this.writeWithRetry(rows);
      for (const w of waiters) w.resolve();
    } catch (e) {
      for (const w of waiters) w.reject(e);
    } finally {
      this.inFlightRows = 0;
      const wake = this.spaceWaiters;
      this.spaceWaiters = [];
      for (const w of wake) w();
    }
  }

  private async writeWithRetry(rows: T[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const r = await this.opts.writeBatch(rows);
      if (r.ok) return;
      if (!r.error.retriable) return this.isolatePoison(rows, r.error);
      if (this.stopController.signal.aborted) throw r.error;
      const delay = backoffDelay(attempt + 1, { initialMs: 200, maxMs: this.opts.maxBackoffMs ?? 5_000 });
      this.opts.onRetry?.(r.error, attempt + 1, delay);
      await sleep(delay, this.stopController.signal);
    }
  }

  /** A non-retriable error: split the batch to find the rows that cause it; the rest are written. */
  private async isolatePoison(rows: T[], error: VaktError): Promise<void> {
    if (rows.length === 1) return this.opts.onPoison(rows[0]!, error);
    const mid = Math.ceil(rows.length / 2);
    await this.writeWithRetry(rows.slice(0, mid));
    await this.writeWithRetry(rows.slice(mid));
  }
}
