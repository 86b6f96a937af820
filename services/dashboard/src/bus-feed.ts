import type { MessageBus } from '@vakt/bus/types';
import { alertValidator, type Alert } from '@vakt/schema/alert';
import { scoredMentionValidator, type ScoredMention } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';
import type { LiveFeed } from './deps.js';

/**
 * The live feed from the bus. Every dashboard process consumes with a consumer group of its own, from the newest
 * offset, so each sees every event: socket.io needs no adapter to scale past one process (and none of Redis or
 * Postgres, which this stack does not have). Invalid records are skipped: the sink and alerter dead-letter them.
 */
export async function busFeed(bus: MessageBus, groupId: string): Promise<LiveFeed & { stop(): Promise<void> }> {
  const mentionListeners = new Set<(m: ScoredMention) => void>();
  const alertListeners = new Set<(a: Alert) => void>();
  const consumer = await bus.consumer({
    groupId,
    topics: [TOPICS.scored, TOPICS.alerts],
    fromBeginning: false,
    maxBatchSize: 2000,
  });
  await consumer.run(async (records) => {
    for (const r of records) {
      if (r.topic === TOPICS.alerts) {
        const a = alertValidator.parse(r.value);
        if (a.ok) for (const cb of alertListeners) cb(a.value);
      } else {
        const m = scoredMentionValidator.parse(r.value);
        if (m.ok) for (const cb of mentionListeners) cb(m.value);
      }
    }
  });
  return {
    onMention: (cb) => {
      mentionListeners.add(cb);
      return () => mentionListeners.delete(cb);
    },
    onAlert: (cb) => {
      alertListeners.add(cb);
      return () => alertListeners.delete(cb);
    },
    stop: () => consumer.stop(),
  };
}
