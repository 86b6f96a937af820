// In-process benchmark of the alerter's per-mention work without Kafka (not a test): the real alerter app over the
// in-process bus, fed scored-mention records shaped like the pipeline bench's `--alert --storms K` run (one busy
// watch with the bench's four texts, K storm watches with a calm history and one 400-negative storm each, a few
// poison records). Prints CPU µs per mention (process CPU from the first send until every record is consumed) and a
// digest of everything the alerter emitted (each alert change as JSON, in order, and each dead letter's reason), so
// two builds can be compared for identical behaviour as well as for cost.
//
//   node services/alerter/scripts/bench-alerter.mjs [--n 140000] [--storms 10] [--batch 50] [--runs 3]
//
// Runs on the built dist of the workspace packages (build them first). Time is virtual (5,000 mentions a second).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMemoryBus } from '@vakt/bus/memory';
import { TOPICS } from '@vakt/schema/topics';
import { createAlerterApp } from '@vakt/alerter';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '140000' },
    storms: { type: 'string', default: '10' },
    batch: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
  },
});
const N = Number(values.n);
const STORMS = Number(values.storms);
const BATCH = Number(values.batch);

// The four records the scorer wrote for the bench's texts (schema package fixture): labels neutral, neutral,
// negative, positive, with their real explanations.
const templates = readFileSync(
  new URL('../../../packages/schema/test/fixtures/scored-mention-v1.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const T0 = Date.UTC(2026, 10, 23, 12);
const iso = (ms) => new Date(ms).toISOString();

/** Builds the record stream once: [virtual now, Buffer] pairs in send order. */
function records() {
  const out = [];
  let seq = 0;
  const rec = (template, watch, at, now, over = {}) => {
    const m = structuredClone(template);
    Object.assign(m, {
      id: `a-${seq++}`,
      created_at: iso(at),
      ingested_at: iso(now),
      scored_at: iso(now),
      matches: [{ watch, entities: [] }],
      author: { handle: `u${seq % 300}`, followers: seq % 5000 },
      ...over,
    });
    m.text = m.text.replace('bench1763900000', watch);
    return m;
  };
  const calm = (w, at, now) => rec(templates[3], w, at, now);
  const neg = (w, at, now) => rec(templates[2], w, at, now);
  const storms = Array.from({ length: STORMS }, (_, i) => ({ watch: `storm${i}`, tick: 75 + 5 * i }));
  // 60 one-second buckets of calm history per storm watch (5 a second, one negative in five) before the load.
  for (const { watch } of storms)
    for (let b = 60; b > 0; b--)
      for (let i = 0; i < 5; i++) out.push([T0, (i === 0 ? neg : calm)(watch, T0 - b * 1000 + i * 200, T0)]);
  let lastTick = -1;
  for (let i = 0; i < N; i++) {
    const now = T0 + i / 5; // 5,000 mentions a second
    const tick = Math.floor((now - T0) / 200);
    if (tick !== lastTick) {
      lastTick = tick;
      for (const s of storms) {
        out.push([now, calm(s.watch, now, now)]);
        if (tick === s.tick) for (let k = 0; k < 400; k++) out.push([now, neg(s.watch, now, now)]);
      }
    }
    // The busy watch: event times 1 ms apart from an hour before (as the pipeline bench's), text by position.
    out.push([now, rec(templates[i % 4], 'bench', T0 - 3_600_000 + i, now)]);
    if (i % 20_000 === 19_999) out.push([now, '{"schemaVersion":1,"id":"poison"']); // dead-lettered
  }
  return out.map(([now, m]) => [now, Buffer.from(typeof m === 'string' ? m : JSON.stringify(m))]);
}

async function run(stream) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vakt-bench-alerter-'));
  let clock = T0;
  const bus = createMemoryBus({ now: () => clock, maxBacklogPerTopic: 5_000 });
  const log = { info() {}, warn() {}, error() {} };
  // An unreachable webhook: deliveries are not timed here (tickMs 0: no delivery attempts run).
  const app = createAlerterApp(
    {
      bus,
      now: () => clock,
      log,
      destinations: [{ id: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }],
      dataDir,
      dashboardUrl: 'http://127.0.0.1:8080/',
    },
    { tickMs: 0, detector: { windowMs: 1000 } },
  );
  const hash = createHash('sha256');
  let changes = 0;
  app.onAlert((a, info) => {
    changes++;
    hash.update(JSON.stringify([a, info]));
  });
  await app.start();
  const producer = await bus.producer();
  const dlq = await bus.consumer({ groupId: 'bench-dlq', topics: [TOPICS.dlq] });
  const reasons = [];
  await dlq.run(async (rs) => {
    for (const r of rs) reasons.push(r.headers['vakt-dead-letter'] ?? Object.values(r.headers).join());
  });
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (let s = 0; s < stream.length; s += BATCH) {
    const batch = stream.slice(s, s + BATCH);
    clock = batch[0][0];
    await producer.send(
      TOPICS.scored,
      batch.map(([, value], j) => ({ key: `k${(s + j) % 6}`, value })),
    );
  }
  const total = stream.length;
  while (app.counters().mentions + app.counters().deadLettered < total) await new Promise((r) => setImmediate(r));
  const c = process.cpuUsage(c0);
  const wall = performance.now() - w0;
  await app.stop(1_000);
  await dlq.stop();
  await bus.close?.();
  rmSync(dataDir, { recursive: true, force: true });
  for (const r of reasons) hash.update(String(r).replace(/"failed_at":"[^"]+"/, ''));
  return {
    cpuUsPerRecord: Number(((c.user + c.system) / total).toFixed(1)),
    wallPerSec: Math.round(total / (wall / 1000)),
    alertChanges: changes,
    deadLetters: reasons.length,
    digest: hash.digest('hex').slice(0, 16),
    counters: app.counters(),
  };
}

const stream = records();
for (let r = 0; r < Number(values.runs); r++) {
  const res = await run(stream);
  console.log(JSON.stringify({ run: r + 1, records: stream.length, load1: Number(loadavg()[0].toFixed(2)), ...res }));
}
