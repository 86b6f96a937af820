import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { createMemoryBus } from '@vakt/bus/memory';
import type { Destination } from '@vakt/alerting/destinations';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import { TOPICS } from '@vakt/schema/topics';
import { createAlerterApp, type AlerterDeps, type AlerterOptions } from '../src/app.js';
import { MIN, T0 } from './mentions.js';

export { calm, mention, storm } from './mentions.js';

/**
 * The alerter acceptance DSL (Alertmanager's `test/with_api_v2/acceptance` style): a scenario pushes scored mentions
 * at minutes of a virtual clock, runs the real app over the in-process bus against a real HTTP receiver on
 * 127.0.0.1, and asserts which webhooks arrived when (in virtual minutes).
 */
export { MIN, T0 };

export const at = (minute: number) => minute;
export const between = (from: number, to: number) => ({ from, to });

export interface Received {
  minute: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export async function scenario(opts: {
  destinations: (url: string) => Destination[];
  options?: AlerterOptions;
  dataDir?: string;
  store?: AlerterDeps['store'];
}) {
  let clock = T0;
  const received: Received[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        minute: (clock - T0) / MIN,
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vakt-alerter-'));
  const bus = createMemoryBus({ now: () => clock });
  const alerts: unknown[] = [];
  const logs: string[] = [];
  const log = {
    info: () => undefined,
    warn: (o: object, m?: string) => logs.push(`${m} ${JSON.stringify(o)}`),
    error: (o: object, m?: string) => logs.push(`${m} ${JSON.stringify(o)}`),
  };
  const app = createAlerterApp(
    {
      bus,
      now: () => clock,
      log,
      destinations: opts.destinations(url),
      dataDir,
      dashboardUrl: 'http://127.0.0.1:8080/',
      ...(opts.store ? { store: opts.store } : {}),
    },
    {
      tickMs: 0,
      random: () => 0.5,
      detector: { count: { warmupMs: 30 * MIN }, page: { coldStartMs: 30 * MIN } },
      ...opts.options,
    },
  );
  app.onAlert((a) => alerts.push(a));
  await app.start();
  const producer = await bus.producer();
  const queue: ScoredMention[] = [];
  let produced = 0;

  return {
    url,
    app,
    alerts,
    logs,
    received,
    dataDir,
    /** Queues mentions made by `gen` starting at `minute`. */
    push(minute: number, gen: (startMin: number) => ScoredMention[]) {
      queue.push(...gen(minute));
      queue.sort((a, b) => a.created_at.localeCompare(b.created_at));
    },
    setReceiverStatus(s: number) {
      status = s;
    },
    /** The virtual minute now. */
    minute: () => (clock - T0) / MIN,
    /** Produces raw bytes (poison) to the scored topic and waits until the alerter has dead-lettered them. */
    async produceRaw(value: string) {
      const before = app.counters().deadLettered;
      await producer.send(TOPICS.scored, [{ key: 'poison', value }]);
      await vi.waitFor(
        () => {
          if (app.counters().deadLettered <= before) throw new Error('not dead-lettered yet');
        },
        { timeout: 10_000, interval: 2 },
      );
    },
    bus,
    /**
     * Runs the virtual clock to `minute` in `stepSec` steps: produces due mentions, waits for them, ticks the app
     * (unless `tick: false`: then only the input drives it).
     */
    async runUntil(minute: number, stepSec = 10, { tick = true } = {}) {
      while (clock < T0 + minute * MIN) {
        clock += stepSec * 1000;
        const due: ScoredMention[] = [];
        while (queue.length && Date.parse(queue[0]!.created_at) <= clock) due.push(queue.shift()!);
        if (due.length) {
          await producer.send(
            TOPICS.scored,
            due.map((m) => ({ key: `${m.source}:${m.id}`, value: JSON.stringify(m) })),
          );
          produced += due.length;
          await vi.waitFor(
            () => {
              if (app.counters().mentions < produced) throw new Error('alerter still consuming');
            },
            { timeout: 10_000, interval: 2 },
          );
        }
        if (tick) await app.tick();
      }
    },
    /** Webhooks (2xx-accepted, deduplicated by webhook-id) matching `pred`, with their arrival minute. */
    accepted(path?: string) {
      const seen = new Set<string>();
      return received.filter(
        (r) =>
          r.status < 300 &&
          (!path || r.path === path) &&
          !seen.has(String(r.headers['webhook-id'])) &&
          seen.add(String(r.headers['webhook-id'])),
      );
    },
    async close(keepData = false) {
      await app.stop(2_000);
      await producer.close();
      await bus.close();
      await new Promise<void>((r) => server.close(() => r()));
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Matches a generic (AM v4) webhook body. */
export function firing(match: { watch: string; series?: string }) {
  return (body: string) => {
    const p = JSON.parse(body) as { status: string; alerts: Array<{ status: string; labels: Record<string, string> }> };
    return (
      p.status === 'firing' &&
      p.alerts.some((a) => a.labels.watch === match.watch && (!match.series || a.labels.series === match.series))
    );
  };
}
export function resolved(match: { watch: string; series?: string }) {
  return (body: string) => {
    const p = JSON.parse(body) as { status: string; alerts: Array<{ status: string; labels: Record<string, string> }> };
    return (
      p.status === 'resolved' &&
      p.alerts.some((a) => a.labels.watch === match.watch && (!match.series || a.labels.series === match.series))
    );
  };
}
