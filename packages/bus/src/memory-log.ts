import { fnv1a } from '@vakt/random/fnv1a';
import type { BusRecord, OutgoingRecord } from './types.js';
import { Signal } from './signal.js';

interface StoredRecord {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  timestamp: number;
}

/**
 * One partition of the in-process bus: an append-only log whose head is released once every subscribed group
 * committed past it. Offsets keep counting from 0 like Kafka's; `base` is the offset of the oldest retained record.
 */
export class PartitionLog {
  private records: StoredRecord[] = [];
  /** Index in `records` of the oldest retained record; compacted lazily to keep release O(1) amortised. */
  private head = 0;
  private baseOffset = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Offset of the oldest retained record. */
  get base(): number {
    return this.baseOffset;
  }

  /** Offset the next appended record gets (Kafka's log end offset / high watermark). */
  get end(): number {
    return this.baseOffset + this.records.length - this.head;
  }

  get retained(): number {
    return this.records.length - this.head;
  }

  append(record: OutgoingRecord, timestamp: number): void {
    const value = typeof record.value === 'string' ? Buffer.from(record.value) : record.value;
    this.records.push({ key: record.key, value, headers: { ...(record.headers ?? {}) }, timestamp });
  }

  /** Up to `max` records from offset `from` (clamped to what is retained), in offset order. */
  read(from: number, max: number): BusRecord[] {
    const start = Math.max(from, this.baseOffset);
    const out: BusRecord[] = [];
    for (let offset = start; offset < this.end && out.length < max; offset++) {
      const r = this.records[this.head + offset - this.baseOffset]!;
      out.push({
        topic: this.topic,
        partition: this.partition,
        offset: String(offset),
        key: r.key,
        value: r.value,
        headers: { ...r.headers },
        timestamp: r.timestamp,
      });
    }
    return out;
  }

  /** Forgets records with offsets below `offset`. */
  releaseBelow(offset: number): void {
    const drop = Math.min(offset, this.end) - this.baseOffset;
    if (drop <= 0) return;
    for (let i = this.head; i < this.head + drop; i++) this.records[i] = undefined as unknown as StoredRecord;
    this.head += drop;
    this.baseOffset += drop;
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }
}

/** A topic of the in-process bus and the groups whose commits decide what it may release. */
export class MemoryTopic {
  readonly partitions: PartitionLog[];
  /** Group ids subscribed to this topic: their slowest committed offset bounds retention. */
  readonly groups = new Set<string>();
  /** Fires when records are released, waking producers blocked on backpressure. */
  readonly space = new Signal();
  private roundRobin = 0;

  constructor(
    readonly name: string,
    partitionCount: number,
  ) {
    this.partitions = Array.from({ length: partitionCount }, (_, p) => new PartitionLog(name, p));
  }

  get retained(): number {
    let n = 0;
    for (const p of this.partitions) n += p.retained;
    return n;
  }

  /**
   * Kafka's rule: same key, same partition; no key spreads records round-robin. FNV-1a, not Kafka's murmur2: the
   * in-process bus needs a stable choice, not the one a Kafka client would make.
   */
  partitionFor(key: string | null): number {
    const n = this.partitions.length;
    if (key === null) return this.roundRobin++ % n;
    return fnv1a(key) % n;
  }
}
