import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@vakt/bus/memory';
import type { BusRecord } from '@vakt/bus/types';
import { createMetrics } from '@vakt/pipeline/metrics';
import { silentLogger } from '@vakt/pipeline/logger';
import { readDeadLetter } from '@vakt/pipeline/dead-letter';
import { TOPICS } from '@vakt/schema/topics';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { createStoreClient, type StoreClient } from '@vakt/store/client';
import { insertMentions } from '@vakt/store/tables/mentions';
import { createSinkApp } from '../src/app.js';

const scored = (id: string, watch = 'fk'): ScoredMention => ({
  schemaVersion: 1,
  id,
  source: 'test',
  text: `it's "quoted" \\ and 'single' ${id}`,
  created_at: '2026-11-23T09:00:00Z',
  ingested_at: '2026-11-23T09:00:01Z',
  matches: [{ watch, entities: ['appen'] }],
  sentiment: {
    label: 'negative',
    score: -0.5,
    confidence: 0.8,
    lang: 'sv',
    p_neg: 0.8,
    p_neu: 0.1,
    p_pos: 0.1,
    model: 'lexicon-only',
    disagreement: false,
    explanation: [],
  },
  scored_at: '2026-11-23T09:00:02Z',
});

let store: StoreClient;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vakt-sink-'));
  store = await createStoreClient({ mode: 'embedded', dataDir });
});
afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const count = async (sql: string): Promise<number> => {
  const rs = await store.ch.query({ query: sql, format: 'JSONEachRow' });
  const rows = (await rs.json()) as Array<{ n: string | number }>;
  return Number(rows[0]!.n);
};

describe('sink app over chdb', () => {
  it('inserts scored mentions once (replays deduplicated) and dead-letters invalid records', async () => {
    const bus = createMemoryBus({ partitions: 3 });
    const producer = await bus.producer();
    const watch = `w${Date.now()}`;
    const records = Array.from({ length: 300 }, (_, i) => ({
      key: `test:${i}`,
      value: JSON.stringify(scored(String(i), watch)),
    }));
    await producer.send(TOPICS.scored, records);
    await producer.send(TOPICS.scored, records.slice(0, 50)); // a replay: at-least-once delivery upstream
    await producer.send(TOPICS.scored, [{ key: 'bad', value: '{"schemaVersion":1}' }]);

    const consumer = await bus.consumer({
      groupId: 'vakt-sink',
      topics: [TOPICS.scored],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
    });
    const app = createSinkApp(
      {
        consumer,
        producer,
        writeMentions: insertMentions(store),
        metrics: createMetrics(),
        log: silentLogger(),
        now: Date.now,
      },
      { maxRows: 100, maxWaitMs: 20, maxPendingRows: 1000 },
    );
    await app.start();

    const dlq = await bus.consumer({ groupId: 'dlq-reader', topics: [TOPICS.dlq], fromBeginning: true });
    const dead: BusRecord[] = [];
    await new Promise<void>((resolve) => {
      void dlq.run(async (rs) => {
        dead.push(...rs);
        resolve();
      });
    });
    await dlq.stop();
    expect(readDeadLetter(dead[0]!)).toMatchObject({ code: 'VAKT_SCHEMA_INVALID', stage: 'sink' });

    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      (await count(`SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = '${watch}'`)) < 300
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.stop(5_000);
    await bus.close();
    expect(await count(`SELECT uniqExact(id) AS n FROM vakt.mentions WHERE watch = '${watch}'`)).toBe(300);
    expect(await count(`SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = '${watch}'`)).toBe(300);
    // Text with quotes and backslashes arrives intact (rows go as JSONEachRow data, never as SQL).
    const rs = await store.ch.query({
      query: `SELECT text FROM vakt.mentions WHERE watch = '${watch}' AND id = '7' LIMIT 1`,
      format: 'JSONEachRow',
    });
    expect(((await rs.json()) as Array<{ text: string }>)[0]!.text).toBe(`it's "quoted" \\ and 'single' 7`);
  });

  it('validates at the Kafka boundary: a record failing the schema never reaches the store, the rest of its batch does', async () => {
    const bus = createMemoryBus({ partitions: 1 });
    const producer = await bus.producer();
    const watch = `v${Date.now()}`;
    const good = scored('ok', watch);
    // Lone surrogate as a JSON escape: valid JSON and a valid mention; the row stores U+FFFD.
    const lone = `{"schemaVersion":1,"id":"lone","source":"test","text":"x \\ud800 y"${JSON.stringify(good).slice(JSON.stringify(good).indexOf(',"created_at"'))}`;
    const badScore = JSON.stringify({ ...scored('bad-score', watch), sentiment: { ...good.sentiment, score: 5 } });
    await producer.send(TOPICS.scored, [
      { key: 'a', value: JSON.stringify(good) },
      { key: 'b', value: badScore },
      { key: 'c', value: lone },
      { key: 'd', value: '{"id":' },
    ]);
    const written: string[] = [];
    const insert = insertMentions(store);
    const consumer = await bus.consumer({ groupId: 'vakt-sink-2', topics: [TOPICS.scored], fromBeginning: true });
    const app = createSinkApp(
      {
        consumer,
        producer,
        writeMentions: async (ms) => {
          written.push(...ms.map((m) => m.id));
          return insert(ms);
        },
        metrics: createMetrics(),
        log: silentLogger(),
        now: Date.now,
      },
      { maxRows: 100, maxWaitMs: 20, maxPendingRows: 1000 },
    );
    await app.start();
    const dlq = await bus.consumer({ groupId: 'dlq-reader-2', topics: [TOPICS.dlq], fromBeginning: true });
    const dead: BusRecord[] = [];
    await new Promise<void>((resolve) => {
      void dlq.run(async (rs) => {
        dead.push(...rs);
        if (dead.length >= 2) resolve();
      });
    });
    await dlq.stop();
    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      (await count(`SELECT count() AS n FROM vakt.mentions FINAL WHERE watch = '${watch}'`)) < 2
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.stop(5_000);
    await bus.close();
    expect(dead.map((r) => readDeadLetter(r).code)).toEqual(['VAKT_SCHEMA_INVALID', 'VAKT_SCHEMA_INVALID']);
    expect(written.sort()).toEqual(['lone', 'ok']);
    const rs = await store.ch.query({
      query: `SELECT id, text FROM vakt.mentions FINAL WHERE watch = '${watch}' ORDER BY id`,
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([
      { id: 'lone', text: 'x \uFFFD y' },
      { id: 'ok', text: good.text },
    ]);
  });
});
