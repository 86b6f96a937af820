#!/usr/bin/env node
// Insert and query throughput of @vakt/store on chdb and on a clickhouse-server started by infra/clickhouse.
// Not a test: prints figures. Run `pnpm --filter @vakt/store bench` (builds first). N via BENCH_N (default 50000).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStoreClient } from '../dist/client.js';
import { insertMentions } from '../dist/tables/mentions.js';
import { queryTimeline, queryNegativeShare } from '../dist/tables/rollups.js';

const N = Number(process.env.BENCH_N ?? 50_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const LAUNCHER = fileURLToPath(new URL('../../../infra/clickhouse/start-server.mjs', import.meta.url));

function mention(i, watch) {
  const t = new Date(Date.UTC(2026, 10, 23, 10, 0, 0) + i * 100).toISOString();
  const label = i % 3 === 0 ? 'negative' : i % 3 === 1 ? 'neutral' : 'positive';
  return {
    schemaVersion: 1,
    id: `m-${i}`,
    source: i % 2 ? 'x' : 'rss',
    text: `Fakturan nummer ${i} är fel igen, kundtjänst svarar inte`,
    created_at: t,
    ingested_at: t,
    author: { id: `a-${i % 500}`, handle: `user${i % 500}`, followers: i % 1000 },
    matches: [{ watch, entities: ['faktura'] }],
    sentiment: {
      label,
      score: label === 'negative' ? -0.6 : 0.2,
      confidence: 0.7,
      lang: 'sv',
      p_neg: 0.3,
      p_neu: 0.3,
      p_pos: 0.4,
      model: 'lexicon-only',
      disagreement: false,
      explanation: [{ start: 0, end: 8, contribution: -0.4, rules: ['lexicon'] }],
    },
    scored_at: t,
  };
}

async function run(label, store) {
  const watch = `bench-${Date.now()}`;
  const all = Array.from({ length: N }, (_, i) => mention(i, watch));
  const insert = insertMentions(store);
  const lat = [];
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += BATCH) {
    const s = performance.now();
    const r = await insert(all.slice(i, i + BATCH));
    if (!r.ok) throw r.error;
    lat.push(performance.now() - s);
  }
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const p = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(1);
  const q0 = performance.now();
  const tl = await queryTimeline(store)({
    watch,
    from: '2026-11-23T00:00:00Z',
    to: '2026-11-24T00:00:00Z',
    step: 'minute',
  });
  const q1 = performance.now();
  const share = await queryNegativeShare(store)({ watch, from: '2026-11-23T00:00:00Z', to: '2026-11-24T00:00:00Z' });
  const q2 = performance.now();
  if (!tl.ok || !share.ok) throw new Error('query failed');
  console.log(
    `${label} (${store.version}): inserted ${N} mentions in ${secs.toFixed(2)} s = ${Math.round(N / secs)} mentions/s ` +
      `(batches of ${BATCH}: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms); timeline ${tl.value.length} minutes in ${(q1 - q0).toFixed(1)} ms; ` +
      `negative share ${share.value.share.toFixed(3)} of ${share.value.total} in ${(q2 - q1).toFixed(1)} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'vakt-bench-chdb-'));
const embedded = await createStoreClient({ mode: 'embedded', dataDir: dir });
try {
  await run('chdb', embedded);
} finally {
  await embedded.close();
  rmSync(dir, { recursive: true, force: true });
}

const server = spawn(process.execPath, [LAUNCHER, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
const ready = await new Promise((resolve, reject) => {
  server.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0])));
  server.once('exit', (c) => reject(new Error(`clickhouse-server launcher exited ${c}`)));
});
const remote = await createStoreClient({ mode: 'server', url: ready.url });
try {
  await run('clickhouse-server', remote);
} finally {
  await remote.close();
  process.kill(ready.pid, 'SIGKILL');
}
