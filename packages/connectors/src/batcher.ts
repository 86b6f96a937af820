import type { MentionInput } from '@vakt/schema/mention';
import type { ConnectorMetrics, MentionSink } from './connector.js';

export interface BatcherOptions<M> {
  readonly sink: MentionSink;
  readonly metrics: ConnectorMetrics;
  /** Largest batch handed to the sink. */
  readonly batchSize: number;
  /** A partial batch is flushed after this long. */
  readonly flushMs: number;
  /** Called with the newest mark once the batch up to it is durable; persist the cursor here. */
  readonly commit: (mark: M) => Promise<void>;
  /** Stop reading the source (socket pause) while a batch is in flight, and resume after. */
  readonly pause: () => void;
  readonly resume: () => void;
  /** The sink or commit failed: nothing after the last commit is durable; the caller reconnects from its cursor. */
  readonly onError: (e: unknown) => void;
}

/**
 * Turns a push stream (websocket, SSE) into sink batches with backpressure: at most one batch in flight, the
 * source paused while it is, the cursor committed only after the sink resolved. Memory is bounded by
 * `batchSize` plus what the source delivers between `pause()` and its taking effect.
 */
export class Batcher<M> {
  private items: MentionInput[] = [];
  /** The mark each pending item brought, so a partial flush commits exactly up to its last item. */
  private marks = new WeakMap<MentionInput, M>();
  private mark: M | undefined;
  private dirty = false;
  private inflight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failed = false;

  constructor(private readonly o: BatcherOptions<M>) {}

  /** Adds a mention (or none, for an item that was dropped) and the source position it brings us to. */
  add(item: MentionInput | null, mark: M): void {
    if (this.failed) return; // after a failure everything since the cursor is re-read; do not emit out of order
    if (item) {
      this.items.push(item);
      this.marks.set(item, mark);
    }
    this.mark = mark;
    this.dirty = true;
    if (this.items.length >= this.o.batchSize) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.o.flushMs);
  }

  /** Sends what is pending (if nothing is in flight). Resolves when that batch settled. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inflight) return this.inflight;
    if (!this.dirty || this.failed) return Promise.resolve();
    // Items that piled up while paused are sent in batchSize chunks; the mark covers a chunk only if it is the rest.
    const batch = this.items.splice(0, this.o.batchSize);
    const rest = this.items.length > 0;
    const mark = rest ? this.marks.get(batch.at(-1)!)! : (this.mark as M);
    this.dirty = rest;
    this.o.pause();
    this.inflight = (async () => {
      try {
        if (batch.length > 0) await this.o.sink(batch);
        await this.o.commit(mark);
        this.o.metrics.emitted += batch.length;
      } catch (e) {
        this.failed = true;
        this.items = [];
        this.o.onError(e);
        return;
      } finally {
        this.inflight = null;
      }
      this.o.resume();
      if (this.dirty) void this.flush(); // items that arrived while paused
    })();
    return this.inflight;
  }

  /** Flushes and waits until nothing is in flight (used by stop and before a reconnect). */
  async drain(): Promise<void> {
    while (this.inflight || (this.dirty && !this.failed)) await this.flush();
  }

  /** Forgets pending items after a failure or reconnect; the next read restarts from the committed cursor. */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.items = [];
    this.dirty = false;
    this.failed = false;
  }

  get hasFailed(): boolean {
    return this.failed;
  }
}
