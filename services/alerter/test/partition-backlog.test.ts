import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryBus } from '@vakt/bus/memory';
import type { Alert } from '@vakt/schema/alert';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';
import { createAlerterApp } from '../src/app.js';
import { mention } from './mentions.js';

/**
 * A backlog read one partition at a time must count every minute's mentions in their own windows. The shape is the
 * pipeline bench's alert probe: 60 s of calm history per watch (5 mentions a second, one of them negative) already
 * in a six-partition topic when the alerter starts, 1-second windows. The bus hands the alerter one partition's batch
 * at a time; with one watermark per watch the first batch moved it to the end of the history and the other
 * partitions' mentions all piled into one window, which paged as a burst.
 */
const SEC = 1000;
const T_END = Date.UTC(2026, 0, 5, 9);
const WATCHES = ['nordpay', 'skattekollen', 'trafikverket'];

const history = (watch: string): ScoredMention[] => {
  const out: ScoredMention[] = [];
  for (let b = 60; b > 0; b--)
    for (let i = 0; i < 5; i++) {
      const at = T_END - b * SEC + i * 200;
      out.push(
        i === 0
          ? mention(watch, at, 'negative', `${watch} appen ligger nere igen`)
          : mention(watch, at, 'positive', `bra bemötande från ${watch}`),
      );
    }
  return out;
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function startWithBacklog() {
  let clock = T_END + 500;
  const bus = createMemoryBus({ now: () => clock, partitions: 6 });
  await bus.ensureTopics([{ name: TOPICS.scored, partitions: 6 }]);
  const producer = await bus.producer();
  const toRecords = (ms: ScoredMention[]) => ms.map((m) => ({ key: `${m.source}:${m.id}`, value: JSON.stringify(m) }));
  let produced = 0;
  for (const w of WATCHES) {
    const ms = history(w);
    await producer.send(TOPICS.scored, toRecords(ms));
    produced += ms.length;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'vakt-alerter-backlog-'));
  const fired: Alert[] = [];
  const app = createAlerterApp(
    {
      bus,
      now: () => clock,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      destinations: [],
      dataDir,
      dashboardUrl: 'http://127.0.0.1:8080/',
    },
    { tickMs: 0, detector: { windowMs: SEC } },
  );
  // What would page someone: a notified firing (a second series of the same storm is grouped, not paged).
  app.onAlert((a, info) => {
    if (info.kind === 'firing' && info.notified) fired.push(a);
  });
  await app.start();
  cleanups.push(async () => {
    await app.stop(2_000);
    await producer.close();
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const consumed = async () =>
    vi.waitFor(
      () => {
        if (app.counters().mentions < produced) throw new Error('alerter still consuming');
      },
      { timeout: 10_000, interval: 2 },
    );
  await consumed();
  return {
    app,
    fired,
    /** Live traffic for `ms`, in 200 ms steps: one calm mention per watch per step, plus `extra` at a step. */
    async live(ms: number, extra: (t: number) => ScoredMention[] = () => []) {
      for (let step = 0; step < ms / 200; step++) {
        clock += 200;
        const batch = [
          ...WATCHES.map((w) => mention(w, clock, 'positive', `bra bemötande från ${w}`)),
          ...extra(clock),
        ];
        await producer.send(TOPICS.scored, toRecords(batch));
        produced += batch.length;
        await consumed();
        await app.tick();
      }
    },
  };
}

describe('alerter: a backlog across partitions', () => {
  it('does not page for a steady stream read one partition at a time, and leaves nothing out as late', async () => {
    const s = await startWithBacklog();
    await s.live(5 * SEC);
    expect(s.fired.map((a) => `${a.labels.watch} ${a.annotations.summary_en}`)).toEqual([]);
    expect(s.app.counters().lateMentions).toBe(0);
  });

  it('still pages a storm that follows the backlog', async () => {
    const s = await startWithBacklog();
    let stormed = false;
    await s.live(8 * SEC, (t) => {
      if (stormed || t < T_END + 3 * SEC) return [];
      stormed = true;
      return Array.from({ length: 400 }, () => mention('nordpay', t, 'negative', 'nordpay appen ligger nere igen'));
    });
    expect(s.fired.map((a) => a.labels.watch)).toEqual(['nordpay']);
  });
});
