import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryBus } from '@vakt/bus/memory';
import { createDemoFeed } from '@vakt/demo/feed';
import { BASELINE, STORM, type Template } from '@vakt/demo/texts';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';
import { createAlerterApp } from '../src/app.js';
import { DEMO_ALERTER_OPTIONS } from '../src/demo-options.js';

/** The demo templates' own labels stand in for the scorer here (this test is about the alerter, not sentiment). */
const templates: Array<{ re: RegExp; label: Template['label'] }> = [...Object.values(BASELINE).flat(), ...STORM].map(
  (t) => ({
    re: new RegExp(`^${t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{svc\\\}|\\\{person\\\}/g, '.+')}$`),
    label: t.label,
  }),
);
const labelOf = (text: string) => templates.find((t) => t.re.test(text))?.label ?? 'neutral';

describe('embedded demo storm', () => {
  it('raises an alert at a local webhook before the storm peaks', async () => {
    const start = Date.UTC(2026, 0, 5, 9);
    let clock = start;
    const arrivals: Array<{ at: number; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        arrivals.push({ at: clock, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const dataDir = mkdtempSync(join(tmpdir(), 'vakt-demo-'));
    const bus = createMemoryBus({ now: () => clock });
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const app = createAlerterApp(
      {
        bus,
        now: () => clock,
        log,
        destinations: [{ id: 'hook', kind: 'webhook', url, unsigned: true }],
        dataDir,
        dashboardUrl: 'http://127.0.0.1:8080/',
      },
      { ...DEMO_ALERTER_OPTIONS, tickMs: 0 },
    );
    await app.start();
    const producer = await bus.producer();
    const feed = createDemoFeed({ now: () => clock });
    const stormStart = start + 25_000;
    const peak = stormStart + 0.6 * 90_000;
    let sent = 0;
    try {
      for (let s = 0; s < 120; s++) {
        const from = clock;
        clock += 1000;
        const batch: ScoredMention[] = feed.between(from, clock).map((m) => {
          const label = labelOf(m.text);
          const watch =
            m.text.includes('Trygghetskassan') || m.text.includes('#kassakaos') ? 'trygghetskassan' : 'nordpay';
          return {
            ...m,
            schemaVersion: 1,
            ingested_at: m.created_at,
            matches: [{ watch, entities: [] }],
            sentiment: {
              label,
              score: label === 'negative' ? -0.6 : label === 'positive' ? 0.6 : 0,
              confidence: 0.7,
              lang: m.lang ?? 'sv',
              p_neg: 0.3,
              p_neu: 0.4,
              p_pos: 0.3,
              model: 'lexicon-only',
              disagreement: false,
              explanation: [],
            },
            scored_at: m.created_at,
          };
        });
        if (batch.length) {
          await producer.send(
            TOPICS.scored,
            batch.map((m) => ({ key: `${m.source}:${m.id}`, value: JSON.stringify(m) })),
          );
          sent += batch.length;
          await vi.waitFor(
            () => {
              if (app.counters().mentions < sent) throw new Error('consuming');
            },
            { timeout: 10_000, interval: 2 },
          );
        }
        await app.tick();
      }
      const fired = arrivals.filter(
        (a) => JSON.parse(a.body).status === 'firing' && JSON.parse(a.body).commonLabels.watch === 'trygghetskassan',
      );
      if (process.env.VAKT_DEBUG)
        console.log(
          `demo: storm starts +25 s, peaks +${(peak - start) / 1000} s, first page at +${((fired[0]?.at ?? NaN) - start) / 1000} s (${fired[0] ? JSON.parse(fired[0].body).commonLabels.series : 'none'})`,
        );
      expect(fired.length).toBeGreaterThanOrEqual(1);
      expect(fired[0]!.at).toBeGreaterThan(stormStart);
      expect(fired[0]!.at).toBeLessThan(peak);
      // Nothing paged for the calm organisation.
      expect(arrivals.filter((a) => JSON.parse(a.body).commonLabels.watch === 'nordpay')).toEqual([]);
    } finally {
      await app.stop(1000);
      await producer.close();
      await bus.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
