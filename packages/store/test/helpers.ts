import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { startClickHouseServer, type ClickHouseServer } from '@vakt/test-fixtures/clickhouse';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { createStoreClient, type StoreClient } from '../src/client.js';

export type Engine = 'chdb' | 'server';

export interface EngineContext {
  store: StoreClient;
  engine: Engine;
  /** Only for the server engine. */
  server?: ClickHouseServer;
  /** Only for chdb: its data dir. */
  dataDir?: string;
}

/**
 * Runs `body` once against chdb (embedded, a temp data dir) and once against a real clickhouse-server 18.16
 * started by the fixture. chdb allows one data dir per process, and vitest runs each file in its own process, so
 * call this once per test file. Tests isolate themselves with unique watch names (uid()).
 */
export function onBothEngines(name: string, body: (ctx: () => EngineContext, engine: Engine) => void): void {
  describe.each(['chdb', 'server'] as const)(`${name} [%s]`, (engine) => {
    let ctx: EngineContext | undefined;
    beforeAll(async () => {
      if (engine === 'chdb') {
        const dataDir = mkdtempSync(join(tmpdir(), 'vakt-chdb-test-'));
        ctx = { engine, dataDir, store: await createStoreClient({ mode: 'embedded', dataDir }) };
      } else {
        const server = await startClickHouseServer();
        try {
          ctx = { engine, server, store: await createStoreClient({ mode: 'server', url: server.url }) };
        } catch (e) {
          await server.stop();
          throw e;
        }
      }
    }, 120_000);
    afterAll(async () => {
      await ctx?.store.close();
      await ctx?.server?.stop();
      if (ctx?.dataDir) rmSync(ctx.dataDir, { recursive: true, force: true });
    }, 60_000);
    body(() => {
      if (!ctx) throw new Error('engine not started');
      return ctx;
    }, engine);
  });
}

export const uid = (prefix = 'w'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A valid ScoredMention; override what the test is about. */
export function scored(
  over: Partial<ScoredMention> & { label?: 'negative' | 'neutral' | 'positive' } = {},
): ScoredMention {
  const { label = 'negative', ...rest } = over;
  const score = label === 'negative' ? -0.7 : label === 'positive' ? 0.6 : 0;
  return {
    schemaVersion: 1,
    id: randomUUID(),
    source: 'x',
    text: 'Fakturan är helt fel igen, kundtjänst svarar inte',
    created_at: '2026-11-23T10:15:30.000Z',
    ingested_at: '2026-11-23T10:15:31.000Z',
    url: 'https://example.test/status/1',
    author: { id: 'a-1', handle: 'anna', followers: 120 },
    engagement: { reposts: 2, replies: 1, likes: 5, quotes: 0 },
    matches: [{ watch: 'watch-default', entities: ['faktura'] }],
    sentiment: {
      label,
      score,
      confidence: 0.8,
      lang: 'sv',
      p_neg: label === 'negative' ? 0.8 : 0.1,
      p_neu: label === 'neutral' ? 0.8 : 0.1,
      p_pos: label === 'positive' ? 0.8 : 0.1,
      model: 'lexicon-only',
      disagreement: false,
      explanation: [{ start: 0, end: 8, contribution: -0.4, rules: ['lexicon'] }],
    },
    scored_at: '2026-11-23T10:15:32.000Z',
    ...rest,
  };
}

/** Hostile strings every escaping path must survive unchanged. */
export const HOSTILE = [
  "it's",
  "'); DROP TABLE vakt.mentions; --",
  'back\\slash\\',
  "\\'",
  'nul\u0000byte',
  'line\nbreak\r\ntab\t',
  'bell\u0007 esc\u001b del\u007f',
  '{p:String} ${x} %s ?',
  '/* comment */ -- comment',
  'Åsa säger "hej" 🙂 العربية \u202Ereversed\u202C',
  "`backtick` \"double\" ''doubled''",
  '\\0 literally backslash-zero',
  'lone \uD800 surrogate',
];
