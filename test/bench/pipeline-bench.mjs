#!/usr/bin/env node
// Pipeline benchmark (not a test): pushes N mentions through the pipeline on this machine and prints sustained
// throughput (mentions/s) and p50/p99 latency from the ingest POST to the row being visible in ClickHouse.
//
//   node test/bench/pipeline-bench.mjs [--mode distributed|embedded|both] [--n 50000] [--scorers 1] [--concurrency 4]
//
// Distributed: librdkafka mock cluster + clickhouse-server + `vakt service ingest|scorer|sink` as processes.
// Embedded: `vakt up --no-demo` in one process (in-process bus + chdb); visibility is read through its SQL door.
// Latency is measured on probe mentions (1 in 50): each is timed from the start of its POST to the first poll
// (every 100 ms) that sees its row, so figures have ±100 ms resolution.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : process.argv[i + 1];
};
const MODE = arg('mode', 'both');
const N = Number(arg('n', '50000'));
const SCORERS = Number(arg('scorers', '1'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const BATCH = 1000;
const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const fixtures = (f) => new URL(`../dist/${f}.js`, import.meta.url).href;

const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function spawnVakt(args, env) {
  const proc = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', DOTENV_CONFIG_QUIET: 'true', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  proc.stderr.on('data', (d) => { tail = (tail + d).slice(-4000); });
  proc.tail = () => tail;
  return proc;
}

async function waitHealthy(url, proc) {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`process exited: ${proc.tail()}`);
    try { if ((await fetch(`${url}/healthz`)).ok) return; } catch {}
    await sleep(100);
  }
  throw new Error(`not healthy: ${url}\n${proc.tail()}`);
}

function makeMentions(watch) {
  const texts = [`${watch} appen ligger nere igen, helt oacceptabelt`, `Riktigt bra bemötande från ${watch} idag!`, `${watch} customer service was not helpful at all`, `Det är inte otrevligt att ringa ${watch}`];
  return Array.from({ length: N }, (_, i) => ({ id: i % 50 === 0 ? `probe-${i}` : `m-${i}`, source: 'bench', text: texts[i % 4], created_at: new Date(Date.UTC(2026, 10, 23) + i).toISOString(), author: { handle: `u${i % 300}`, followers: i % 5000 } }));
}

/** Sends all mentions with CONCURRENCY requests in flight; records each probe's send time; returns the send window. */
async function send(ingestUrl, items, sentAt) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next; next += BATCH;
      if (i >= items.length) return;
      const batch = items.slice(i, i + BATCH);
      const t = performance.now();
      for (const m of batch) if (m.id.startsWith('probe-')) sentAt.set(m.id, t);
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${ingestUrl}/v1/mentions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
        if (res.status === 202) { await res.arrayBuffer(); break; }
        if (attempt > 20) throw new Error(`ingest ${res.status}: ${await res.text()}`);
        await sleep(100 * (attempt + 1));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

/** Polls probe visibility and the total count until all N are visible. */
async function observe(query, watch, sentAt) {
  const seenAt = new Map();
  const t0 = performance.now();
  let total = 0;
  while (total < N) {
    if (performance.now() - t0 > 600_000) throw new Error(`only ${total}/${N} visible after 10 minutes`);
    const now = performance.now();
    const probes = await query(`SELECT id FROM vakt.mentions WHERE watch = '${watch}' AND startsWith(id, 'probe-')`);
    for (const { id } of probes) if (!seenAt.has(id)) seenAt.set(id, now);
    const [c] = await query(`SELECT uniqExact(id) AS n FROM vakt.mentions WHERE watch = '${watch}'`);
    total = Number(c.n);
    await sleep(100);
  }
  const lat = [...seenAt].filter(([id]) => sentAt.has(id)).map(([id, t]) => t - sentAt.get(id)).sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { doneAt: performance.now(), p50: q(0.5), p99: q(0.99), probes: lat.length };
}

async function report(label, ingestUrl, query, watch) {
  const sentAt = new Map();
  const t0 = performance.now();
  const observing = observe(query, watch, sentAt);
  const sendMs = await send(ingestUrl, makeMentions(watch), sentAt);
  const r = await observing;
  const totalS = (r.doneAt - t0) / 1000;
  console.log(JSON.stringify({ mode: label, mentions: N, scorers: SCORERS, ingestAcceptedPerSec: Math.round(N / (sendMs / 1000)), sustainedPerSec: Math.round(N / totalS), p50Ms: Math.round(r.p50), p99Ms: Math.round(r.p99), probes: r.probes, seconds: Number(totalS.toFixed(1)) }));
}

async function distributed() {
  const { startKafkaMock } = await import(fixtures('kafka'));
  const { startClickHouseServer } = await import(fixtures('clickhouse'));
  const dir = mkdtempSync(join(tmpdir(), 'vakt-bench-'));
  const watch = `bench${Date.now()}`;
  writeFileSync(join(dir, 'watches.yaml'), `- name: ${watch}\n  owners: [bench@example.org]\n  query: "${watch}"\n  entities: []\n`);
  const kafka = await startKafkaMock({ brokers: 1, topics: [['vakt.mentions.raw', 6], ['vakt.mentions.scored', 6], ['vakt.alerts', 3], ['vakt.dlq', 1]].map(([name, partitions]) => ({ name, partitions })) });
  const ch = await startClickHouseServer();
  const procs = [];
  try {
    const env = { KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_PARTITIONS: '6', CLICKHOUSE_URL: ch.url, VAKT_WATCHES_FILE: join(dir, 'watches.yaml') };
    const start = async (name, i) => {
      const port = await freePort();
      const p = spawnVakt(['service', name], { ...env, PORT: String(port), VAKT_DATA_DIR: join(dir, `${name}${i}`) });
      procs.push(p);
      await waitHealthy(`http://127.0.0.1:${port}`, p);
      return `http://127.0.0.1:${port}`;
    };
    const ingestUrl = await start('ingest', 0);
    for (let i = 0; i < SCORERS; i++) await start('scorer', i);
    await start('sink', 0);
    const query = async (sql) => {
      const res = await fetch(`${ch.url}/?default_format=JSONEachRow`, { method: 'POST', body: sql });
      return (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    };
    await report('distributed', ingestUrl, query, watch);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await sleep(500);
    await kafka.stop();
    await ch.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function embedded() {
  const { startEmbedded } = await import(new URL('../../packages/cli/dist/embedded.js', import.meta.url).href);
  const dir = mkdtempSync(join(tmpdir(), 'vakt-bench-embedded-'));
  const watch = `bench${Date.now()}`;
  writeFileSync(join(dir, 'watches.yaml'), `- name: ${watch}\n  owners: [bench@example.org]\n  query: "${watch}"\n  entities: []\n`);
  const port = await freePort();
  const app = await startEmbedded({ port, host: '127.0.0.1', dataDir: join(dir, 'data'), demo: false, watchesFile: join(dir, 'watches.yaml'), logLevel: 'warn' });
  try {
    const query = async (sql) => { const rs = await app.store.ch.query({ query: sql, format: 'JSONEachRow' }); return rs.json(); };
    await report('embedded', app.ingestUrl, query, watch);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (MODE === 'distributed' || MODE === 'both') await distributed();
if (MODE === 'embedded' || MODE === 'both') await embedded();
process.exit(0);
