import type { BackoffOptions } from '@vakt/retry/backoff';
import type { Logger } from './logger.js';
import type { MemoryConsumer } from './memory-consumer.js';
import { MemoryGroup, tpKey } from './memory-group.js';
import { MemoryTopic } from './memory-log.js';
import { Signal } from './signal.js';

export interface MemoryStateOptions {
  partitions: number;
  maxBacklogPerTopic: number;
  retry: BackoffOptions;
  now: () => number;
  logger: Logger;
}

/**
 * Everything the in-process bus shares between its producer and consumers: topics, groups, and one wake-up
 * signal that fires on every append, commit, rebalance, resume and stop (waiters re-check their own condition).
 */
export class MemoryBusState {
  readonly topics = new Map<string, MemoryTopic>();
  readonly groups = new Map<string, MemoryGroup>();
  readonly wake = new Signal();
  readonly closing = new AbortController();

  constructor(readonly options: MemoryStateOptions) {}

  /** The topic, auto-created with the default partition count (as Kafka's auto.create.topics.enable). */
  topic(name: string, partitions = this.options.partitions): MemoryTopic {
    let t = this.topics.get(name);
    if (!t) {
      if (!name || typeof name !== 'string') throw new TypeError(`invalid topic name: ${JSON.stringify(name)}`);
      t = new MemoryTopic(name, partitions);
      this.topics.set(name, t);
    }
    return t;
  }

  group(id: string): MemoryGroup {
    let g = this.groups.get(id);
    if (!g) {
      g = new MemoryGroup(id);
      this.groups.set(id, g);
    }
    return g;
  }

  /**
   * Subscribes a group to a topic the first time one of its members asks for it. The start position is the oldest
   * retained record (fromBeginning) or the log end, and it counts as committed so retention is bounded from now on.
   */
  subscribe(group: MemoryGroup, topicName: string, fromBeginning: boolean): void {
    const topic = this.topic(topicName);
    if (topic.groups.has(group.id)) return;
    topic.groups.add(group.id);
    for (const log of topic.partitions) {
      group.committed.set(tpKey(topicName, log.partition), fromBeginning ? log.base : log.end);
    }
  }

  join(member: MemoryConsumer): void {
    const group = this.group(member.groupId);
    for (const t of member.topics) this.subscribe(group, t, member.fromBeginning);
    group.members.push(member);
    this.rebalance(group);
  }

  leave(member: MemoryConsumer): void {
    const group = this.group(member.groupId);
    const i = group.members.indexOf(member);
    if (i >= 0) group.members.splice(i, 1);
    this.rebalance(group);
  }

  commit(group: MemoryGroup, topicName: string, partition: number, offset: number): void {
    if (group.commit(tpKey(topicName, partition), offset)) this.release(this.topic(topicName));
    this.wake.notify();
  }

  /** Drops, per partition, what every subscribed group committed; wakes producers waiting for space. */
  release(topic: MemoryTopic): void {
    const before = topic.retained;
    for (const log of topic.partitions) {
      let min = Infinity;
      for (const id of topic.groups) {
        min = Math.min(min, this.groups.get(id)?.committed.get(tpKey(topic.name, log.partition)) ?? 0);
      }
      if (Number.isFinite(min)) log.releaseBelow(min);
    }
    if (topic.retained < before) topic.space.notify();
  }

  /**
   * Without any subscribed group nothing would ever release a topic, so it keeps the newest
   * `maxBacklogPerTopic` records, like Kafka retention (a group that subscribes later starts from those).
   */
  enforceRetention(topic: MemoryTopic): void {
    if (topic.groups.size > 0) return;
    const perPartition = Math.ceil(this.options.maxBacklogPerTopic / topic.partitions.length);
    for (const log of topic.partitions) log.releaseBelow(log.end - perPartition);
  }

  private rebalance(group: MemoryGroup): void {
    const plan = group.assign((t) => this.topic(t).partitions.length);
    for (const [member, assignment] of plan) member.assign(assignment);
    this.wake.notify();
  }
}
