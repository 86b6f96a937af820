import type { MemoryConsumer } from './memory-consumer.js';

/** `topic:partition`, the key of per-partition state. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/**
 * A consumer group of the in-process bus: committed offsets (kept after every member left, as in Kafka), the
 * members in join order, and the one in-flight batch per partition, which a new owner waits for so that a
 * partition is never handled by two members at once.
 */
export class MemoryGroup {
  readonly committed = new Map<string, number>();
  readonly members: MemoryConsumer[] = [];
  readonly inFlight = new Map<string, Promise<void>>();
  generation = 0;

  constructor(readonly id: string) {}

  /** Commits are monotonic: a late commit of an older position never moves the group back. */
  commit(key: string, offset: number): boolean {
    const current = this.committed.get(key) ?? 0;
    if (offset <= current) return false;
    this.committed.set(key, offset);
    return true;
  }

  /**
   * Round-robin assignment like kafkajs's default: every partition of every subscribed topic, sorted, dealt to the
   * members that subscribe to its topic in join order. Returns each member's new partitions.
   */
  assign(partitionCounts: (topic: string) => number): Map<MemoryConsumer, Record<string, number[]>> {
    this.generation++;
    const result = new Map<MemoryConsumer, Record<string, number[]>>();
    for (const m of this.members) result.set(m, {});
    const topics = [...new Set(this.members.flatMap((m) => m.topics))].sort();
    for (const topic of topics) {
      const subscribers = this.members.filter((m) => m.topics.includes(topic));
      const count = partitionCounts(topic);
      for (let p = 0; p < count; p++) {
        const owner = subscribers[p % subscribers.length]!;
        const own = result.get(owner)!;
        (own[topic] ??= []).push(p);
      }
    }
    return result;
  }
}
