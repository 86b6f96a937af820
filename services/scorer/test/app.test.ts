import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBus, type MemoryBus } from '@vakt/bus/memory';
import type { BusRecord } from '@vakt/bus/types';
import { createMetrics } from '@vakt/pipeline/metrics';
import { silentLogger } from '@vakt/pipeline/logger';
import { readDeadLetter } from '@vakt/pipeline/dead-letter';
import { createScorerEngine } from '../src/engine.js';
import { TOPICS } from '@vakt/schema/topics';
import { scoredMentionValidator } from '@vakt/schema/scored-mention';
import { createScorerApp } from '../src/app.js';

let bus: MemoryBus;
afterEach(async () => {
  await bus?.close();
});

const raw = (id: string, text: unknown) =>
  JSON.stringify({
    schemaVersion: 1,
    id,
    source: 'test',
    text,
    created_at: '2026-11-23T09:00:00Z',
    ingested_at: '2026-11-23T09:00:01Z',
    matches: [{ watch: 'fk', entities: [] }],
  });

async function collect(topic: string, n: number): Promise<BusRecord[]> {
  const consumer = await bus.consumer({ groupId: `c-${topic}-${Math.random()}`, topics: [topic], fromBeginning: true });
  const got: BusRecord[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run(async (rs) => {
      got.push(...rs);
      if (got.length >= n) resolve();
    });
  });
  await consumer.stop();
  return got;
}

describe('scorer app', () => {
  it('scores valid mentions and dead-letters poison with a reason, without stopping', async () => {
    bus = createMemoryBus({ partitions: 2 });
    const producer = await bus.producer();
    await producer.send(TOPICS.raw, [
      { key: 'test:1', value: raw('1', 'Tack för snabb och vänlig hjälp på kundtjänst!') },
      { key: 'test:bad-json', value: '{not json' },
      { key: 'test:no-text', value: raw('no-text', undefined) },
      { key: 'test:huge', value: raw('huge', 'a'.repeat(1024 * 1024)) },
      { key: 'test:2', value: raw('2', 'Appen ligger nere igen, helt oacceptabelt') },
    ]);
    const consumer = await bus.consumer({ groupId: 'vakt-scorer', topics: [TOPICS.raw], fromBeginning: true });
    const engine = await createScorerEngine(silentLogger());
    const app = createScorerApp({
      consumer,
      producer,
      engine,
      metrics: createMetrics(),
      log: silentLogger(),
      now: () => Date.parse('2026-11-23T10:00:00Z'),
    });
    await app.start();

    const scored = await collect(TOPICS.scored, 2);
    const byId = Object.fromEntries(
      scored.map((r) => {
        const v = scoredMentionValidator.parse(r.value);
        if (!v.ok) throw v.error;
        return [v.value.id, v.value];
      }),
    );
    expect(byId['1']!.sentiment.label).toBe('positive');
    expect(byId['2']!.sentiment.label).toBe('negative');
    expect(byId['2']!.sentiment.explanation.length).toBeGreaterThan(0);

    const dead = await collect(TOPICS.dlq, 3);
    const letters = dead.map((r) => ({ key: r.key, letter: readDeadLetter(r) }));
    expect(letters.map((l) => l.key).sort()).toEqual(['test:bad-json', 'test:huge', 'test:no-text']);
    for (const { letter } of letters) expect(letter).toMatchObject({ code: 'VAKT_SCHEMA_INVALID', stage: 'scorer' });
    // The original bytes are kept unchanged so a fixed consumer can replay them.
    expect(dead.find((r) => r.key === 'test:bad-json')!.value.toString()).toBe('{not json');
    expect(letters.find((l) => l.key === 'test:huge')!.letter!.reason).toContain('/text');
    await app.stop(5_000);
  });
});
