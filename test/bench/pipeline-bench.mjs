#!/usr/bin/env node
// Pipeline benchmark (not a test): pushes N mentions through the pipeline on this machine and prints sustained
// throughput (mentions/s) and p50/p99 latency from the ingest POST to the row being visible in ClickHouse.
//
//   node test/bench/pipeline-bench.mjs [--mode distributed|embedded|both|cluster] [--n 50000] [--scorers 1] [--concurrency 4]
//                                      [--rate 5000] [--alert [--storms 10]] [--profile scorer|sink|ingest|alerter]
//
// --rate paces sending at that many mentions/s (default: as fast as ingest accepts). --alert (distributed) also runs
// the alerter with a local webhook and --storms watches (default 1) that get a calm baseline and one negative storm
// each during the load (the first at 15 s, then one a second; make N last long enough): ingest→alert latency is from
// the start of the POST that carries a storm's mentions to the webhook's receipt, p50/p99 over the storms (the
// alerter pages on a window's count so far, so no window or lateness has to pass). Peak RSS of every process is sampled from /metrics each second (memory under backlog).
// --profile runs that service under `node --cpu-prof` and prints its top self-time functions after the run.
//
// Distributed: librdkafka mock cluster + clickhouse-server + `vakt service ingest|scorer|sink` as processes.
// Embedded: `vakt up --no-demo` in one process (in-process bus + chdb); visibility is read through its SQL door.
// Cluster: the distributed run on one clickhouse-server, then the same on a 2 shards x 2 replicas cluster with
// ZooKeeper (infra/clickhouse/start-cluster.mjs; the sink with CLICKHOUSE_CLUSTER, rows read through the Distributed
// table), each followed by CPU µs per mention of every process (each server and ZooKeeper on its own line).
// Latency is measured on probe mentions (1 in 50): each is timed from the start of its POST to the first poll
// (every 100 ms) that sees its row, so figures have ±100 ms resolution.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  // The usage is the comment block at the top of this file (up to its first blank comment line after the options).
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .slice(1);
  const header = lines.slice(
    0,
    lines.findIndex((l) => !l.startsWith('//')),
  );
  console.log(header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : process.argv[i + 1];
};
const MODE = arg('mode', 'both');
const N = Number(arg('n', '50000'));
const SCORERS = Number(arg('scorers', '1'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const RATE = Number(arg('rate', '0'));
const ALERT = process.argv.includes('--alert');
const STORMS = Number(arg('storms', '1'));
const PROFILE = arg('profile', '');
const BATCH = RATE > 0 ? Math.max(50, Math.min(1000, Math.round(RATE / 20))) : 1000;
const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const fixtures = (f) => new URL(`../dist/${f}.js`, import.meta.url).href;

const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function spawnVakt(args, env, nodeArgs = []) {
  const proc = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', DOTENV_CONFIG_QUIET: 'true', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  proc.stderr.on('data', (d) => {
    tail = (tail + d).slice(-4000);
  });
  proc.tail = () => tail;
  return proc;
}

async function waitHealthy(url, proc) {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`process exited: ${proc.tail()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not listening yet: poll again */
    }
    await sleep(100);
  }
  throw new Error(`not healthy: ${url}\n${proc.tail()}`);
}

function makeMentions(watch) {
  const texts = [
    `${watch} appen ligger nere igen, helt oacceptabelt`,
    `Riktigt bra bemötande från ${watch} idag!`,
    `${watch} customer service was not helpful at all`,
    `Det är inte otrevligt att ringa ${watch}`,
  ];
  return Array.from({ length: N }, (_, i) => ({
    id: i % 50 === 0 ? `probe-${i}` : `m-${i}`,
    source: 'bench',
    text: texts[i % 4],
    created_at: new Date(Date.UTC(2026, 10, 23) + i).toISOString(),
    author: { handle: `u${i % 300}`, followers: i % 5000 },
  }));
}

/** Sends all mentions with CONCURRENCY requests in flight; records each probe's send time; returns the send window. */
async function send(ingestUrl, items, sentAt, extra) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next;
      next += BATCH;
      if (i >= items.length) return;
      // Paced: batch i is due at i / RATE seconds after the start; the alert watch's traffic rides along.
      if (RATE > 0) {
        const due = started + (i / RATE) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      if (extra) await extra(performance.now() - started);
      const batch = items.slice(i, i + BATCH);
      const t = performance.now();
      for (const m of batch) if (m.id.startsWith('probe-')) sentAt.set(m.id, t);
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${ingestUrl}/v1/mentions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batch),
        });
        if (res.status === 202) {
          await res.arrayBuffer();
          break;
        }
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
  let lastLog = t0;
  let lastCount = 0;
  while (total < N) {
    if (performance.now() - t0 > 600_000) throw new Error(`only ${total}/${N} visible after 10 minutes`);
    const now = performance.now();
    // The poll must not cost the pipeline much CPU (it shares the machine): probe ids sort together ('probe-' >
    // 'm-'), so a key range on the primary key (watch, source, id) reads only their granules instead of scanning.
    const probes = await query(
      `SELECT id FROM vakt.mentions WHERE watch = '${watch}' AND source = 'bench' AND id >= 'probe-' AND id < 'probe.'`,
    );
    for (const { id } of probes) if (!seenAt.has(id)) seenAt.set(id, now);
    // The full count scans the table: once a second while probes are still missing, every poll at the end.
    if (seenAt.size >= Math.ceil(N / 50) || now - lastCount >= 1000) {
      lastCount = now;
      const [c] = await query(`SELECT uniqExact(id) AS n FROM vakt.mentions WHERE watch = '${watch}'`);
      total = Number(c.n);
    }
    if (now - lastLog > 10_000) {
      lastLog = now;
      process.stderr.write(`  visible ${total}/${N} after ${((now - t0) / 1000).toFixed(0)} s\n`);
    }
    await sleep(100);
  }
  const lat = [...seenAt]
    .filter(([id]) => sentAt.has(id))
    .map(([id, t]) => t - sentAt.get(id))
    .sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { doneAt: performance.now(), p50: q(0.5), p99: q(0.99), probes: lat.length };
}

/** Samples process_resident_memory_bytes of each URL every second; returns a stop() giving peaks in MB. */
function sampleRss(urls) {
  const peaks = {};
  let on = true;
  const loop = (async () => {
    while (on) {
      for (const [name, url] of Object.entries(urls)) {
        try {
          const m = /^process_resident_memory_bytes ([0-9.e+]+)$/m.exec(await (await fetch(`${url}/metrics`)).text());
          if (m) peaks[name] = Math.max(peaks[name] ?? 0, Math.round(Number(m[1]) / 1048576));
        } catch {
          /* a service between restarts: its peak is sampled next second */
        }
      }
      await sleep(1000);
    }
  })();
  return async () => {
    on = false;
    await loop;
    return peaks;
  };
}

async function report(label, ingestUrl, query, watch, o = {}) {
  const sentAt = new Map();
  const t0 = performance.now();
  const observing = observe(query, watch, sentAt);
  const stopRss = o.rssUrls ? sampleRss(o.rssUrls) : null;
  const sendMs = await send(ingestUrl, makeMentions(watch), sentAt, o.extra);
  const r = await observing;
  const totalS = (r.doneAt - t0) / 1000;
  const peakRssMb = stopRss ? await stopRss() : undefined;
  const alert = o.alertResult ? await o.alertResult() : undefined;
  console.log(
    JSON.stringify({
      mode: label,
      mentions: N,
      scorers: SCORERS,
      rate: RATE || 'max',
      ingestAcceptedPerSec: Math.round(N / (sendMs / 1000)),
      sustainedPerSec: Math.round(N / totalS),
      p50Ms: Math.round(r.p50),
      p99Ms: Math.round(r.p99),
      probes: r.probes,
      seconds: Number(totalS.toFixed(1)),
      ...(peakRssMb ? { peakRssMb } : {}),
      ...(alert ? { alert } : {}),
    }),
  );
}

/**
 * The alert probe: STORMS watches with a calm baseline (sent first, event times in the past), each with a storm of
 * 400 negatives in one second, the first at 15 s and then one a second, so one run gives STORMS ingest→alert samples.
 */
function alertProbe(ingestUrl, stormWatches) {
  const BUCKET_MS = 1000;
  const hits = new Map(); // watch → first webhook receipt
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const watch = body.match(/"watch":"([^"]+)"/)?.[1];
      if (watch && !hits.has(watch)) hits.set(watch, performance.now());
      res.writeHead(200).end();
    });
  });
  let seq = 0;
  const item = (watch, text, at) => ({
    id: `a-${seq++}`,
    source: 'bench',
    text,
    created_at: new Date(at).toISOString(),
    author: { handle: `s${seq % 50}`, followers: 100 },
  });
  const calm = (w, at) => item(w, `Riktigt bra bemötande från ${w} idag!`, at);
  const neg = (w, at) => item(w, `${w} appen ligger nere igen, helt oacceptabelt`, at);
  const post = async (items) => {
    const r = await fetch(`${ingestUrl}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(items),
    });
    await r.arrayBuffer();
  };
  const storms = stormWatches.map((watch, i) => ({ watch, tick: 75 + 5 * i, sentAt: undefined }));
  let lastTick = -1;
  return {
    async listen() {
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${server.address().port}/hook`;
    },
    /** 60 one-second buckets of calm history per watch (5 a second, one negative in five) ending now. */
    async history() {
      const now = Date.now();
      for (const w of stormWatches) {
        const items = [];
        for (let b = 60; b > 0; b--)
          for (let i = 0; i < 5; i++)
            items.push(i === 0 ? neg(w, now - b * BUCKET_MS + i * 200) : calm(w, now - b * BUCKET_MS + i * 200));
        await post(items);
      }
    },
    /** Called before each load batch: one calm mention per watch per 200 ms tick, and each watch's storm on its tick. */
    async tick(elapsedMs) {
      const tick = Math.floor(elapsedMs / 200);
      if (tick === lastTick) return;
      lastTick = tick;
      const now = Date.now();
      const items = [];
      const sentAt = performance.now();
      for (const s of storms) {
        items.push(calm(s.watch, now));
        if (tick === s.tick) {
          for (let i = 0; i < 400; i++) items.push(neg(s.watch, now));
          s.sentAt = sentAt;
        }
      }
      await post(items);
    },
    async result() {
      for (let i = 0; i < 100 && hits.size < storms.length; i++) await sleep(100);
      server.close();
      const lat = storms
        .flatMap((s) => (s.sentAt !== undefined && hits.get(s.watch) >= s.sentAt ? [hits.get(s.watch) - s.sentAt] : []))
        .sort((a, b) => a - b);
      const q = (p) => (lat.length ? Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]) : null);
      return {
        storms: storms.length,
        alerted: hits.size,
        samples: lat.length,
        ingestToAlertP50Ms: q(0.5),
        ingestToAlertP99Ms: q(0.99),
        ingestToAlertMaxMs: lat.length ? Math.round(lat[lat.length - 1]) : null,
      };
    },
  };
}

/** Summarises a .cpuprofile: self time per function (top 15), as % of samples. */
function summariseProfile(dir) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return console.log(`no .cpuprofile in ${dir}`);
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\/\.pnpm\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`profile ${PROFILE}: ${(total / 1e6).toFixed(1)} s sampled; top self time:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  // Self time per package (or node internals / VM), to see which layer costs what.
  const byPkg = new Map();
  prof.samples.forEach((id, i) => {
    const { url, functionName } = byId.get(id).callFrame;
    const m =
      url.match(/node_modules\/\.pnpm\/([^/]+?)@\d/) ?? url.match(/\/work\/main\/((?:packages|services)\/[^/]+)/);
    const key = m ? m[1] : url.startsWith('node:') ? 'node:internal' : url ? 'other js' : functionName || '(vm)';
    byPkg.set(key, (byPkg.get(key) ?? 0) + (dt[i] ?? 0));
  });
  console.log('self time by package:');
  for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}

/**
 * CPU seconds (utime + stime from /proc) of every descendant process by role: ingest, scorer, sink, alerter,
 * kafka-mock, clickhouse-server (clickhouse-s<shard>r<replica> on a cluster) and zookeeper.
 */
function cpuByProcess() {
  const cpu = {};
  const walk = (pid) => {
    const kids = [];
    try {
      for (const t of readdirSync(`/proc/${pid}/task`))
        kids.push(...readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(' ').filter(Boolean));
    } catch {
      /* the process exited while being read */
    }
    for (const k of kids) {
      try {
        const cmd = readFileSync(`/proc/${k}/cmdline`, 'utf8').split('\0').join(' ');
        const f = readFileSync(`/proc/${k}/stat`, 'utf8').split(') ')[1].split(' ');
        const node = /\/(s\d+r\d+)\//.exec(cmd)?.[1];
        const label = /mock-cluster/.test(cmd)
          ? 'kafka-mock'
          : /ZooKeeperServerMain/.test(cmd)
            ? 'zookeeper'
            : /clickhouse-server|clickhouse server/.test(cmd)
              ? node
                ? `clickhouse-${node}`
                : 'clickhouse-server'
              : (/service (\w+)/.exec(cmd)?.[1] ?? null);
        if (label) cpu[label] = Number(((cpu[label] ?? 0) + (Number(f[11]) + Number(f[12])) / 100).toFixed(2));
      } catch {
        /* the process exited while being read */
      }
      walk(k);
    }
  };
  walk(process.pid);
  return cpu;
}

/** The 2 x 2 cluster from infra/clickhouse/start-cluster.mjs: { url, name, stop() }. */
async function startCluster() {
  const launcher = spawn(
    process.execPath,
    [fileURLToPath(new URL('../../infra/clickhouse/start-cluster.mjs', import.meta.url)), '--json'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    launcher.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    launcher.once('exit', (c) => reject(new Error(`start-cluster.mjs exited ${c}`)));
  });
  return {
    url: ready.nodes[0].url,
    name: ready.cluster,
    stop: () =>
      new Promise((r) => {
        launcher.once('exit', r);
        launcher.kill('SIGTERM');
      }),
  };
}

async function distributed({ cluster = false } = {}) {
  const { startKafkaMock } = await import(fixtures('kafka'));
  const { startClickHouseServer } = await import(fixtures('clickhouse'));
  const dir = mkdtempSync(join(tmpdir(), 'vakt-bench-'));
  const watch = `bench${Date.now()}`;
  const stormWatches = Array.from({ length: STORMS }, (_, i) => `storm${i}x${Date.now()}`);
  const warmWatch = `warm${Date.now()}`;
  writeFileSync(
    join(dir, 'watches.yaml'),
    [watch, ...stormWatches, warmWatch]
      .map((w) => `- name: ${w}\n  owners: [bench@example.org]\n  query: "${w}"\n  entities: []\n`)
      .join(''),
  );
  const kafka = await startKafkaMock({
    brokers: 1,
    topics: [
      ['vakt.mentions.raw', 6],
      ['vakt.mentions.scored', 6],
      ['vakt.alerts', 3],
      ['vakt.dlq', 1],
    ].map(([name, partitions]) => ({ name, partitions })),
  });
  const ch = cluster ? await startCluster() : await startClickHouseServer();
  const procs = [];
  const profDir = join(dir, 'profile');
  try {
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_PARTITIONS: '6',
      CLICKHOUSE_URL: ch.url,
      VAKT_WATCHES_FILE: join(dir, 'watches.yaml'),
      ...(cluster ? { CLICKHOUSE_CLUSTER: ch.name } : {}),
    };
    const urls = {};
    const start = async (name, i, extraEnv = {}) => {
      const port = await freePort();
      const nodeArgs = PROFILE === name && i === 0 ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
      const p = spawnVakt(
        ['service', name],
        { ...env, PORT: String(port), VAKT_DATA_DIR: join(dir, `${name}${i}`), ...extraEnv },
        nodeArgs,
      );
      p.name = name;
      procs.push(p);
      await waitHealthy(`http://127.0.0.1:${port}`, p);
      urls[`${name}${i}`] = `http://127.0.0.1:${port}`;
      return `http://127.0.0.1:${port}`;
    };
    const ingestUrl = await start('ingest', 0);
    for (let i = 0; i < SCORERS; i++) await start('scorer', i);
    await start('sink', 0);
    let probe;
    if (ALERT) {
      probe = alertProbe(ingestUrl, stormWatches);
      await start('alerter', 0, {
        VAKT_WEBHOOK_URL: await probe.listen(),
        VAKT_WEBHOOK_UNSIGNED: 'true',
        VAKT_ALERT_BUCKET_SECONDS: '1',
      });
      await probe.history();
    }
    const query = async (sql) => {
      const res = await fetch(`${ch.url}/?default_format=JSONEachRow`, { method: 'POST', body: sql });
      return (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    };
    // Warm-up: /healthz answers before a consumer group has settled, and a member joining later stalls the group
    // for a rebalance (10-20 s seen with 2 scorers). 2,000 mentions of another watch must land before timing starts.
    const warm = Array.from({ length: 2000 }, (_, i) => ({
      id: `warm-${i}`,
      source: 'bench',
      text: `${warmWatch} bra`,
      created_at: new Date().toISOString(),
    }));
    await fetch(`${ingestUrl}/v1/mentions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(warm),
    });
    const warmStart = performance.now();
    while (
      Number((await query(`SELECT uniqExact(id) AS n FROM vakt.mentions WHERE watch = '${warmWatch}'`))[0]?.n ?? 0) <
      warm.length
    ) {
      if (performance.now() - warmStart > 120_000) throw new Error('warm-up mentions did not land in 120 s');
      await sleep(200);
    }
    process.stderr.write(`  warm-up landed in ${((performance.now() - warmStart) / 1000).toFixed(1)} s\n`);
    const cpuBefore = cpuByProcess();
    await report(cluster ? 'cluster (2 shards x 2 replicas)' : 'distributed', ingestUrl, query, watch, {
      rssUrls: urls,
      extra: probe && ((ms) => probe.tick(ms)),
      alertResult: probe && (() => probe.result()),
    });
    // Per stage: mean records per handled batch and mean batch handling time (from each service's /metrics).
    const stages = {};
    for (const [name, url] of Object.entries(urls)) {
      try {
        const text = await (await fetch(`${url}/metrics`)).text();
        const sum = (metric) =>
          [...text.matchAll(new RegExp(`^${metric}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))].reduce(
            (a, m) => a + Number(m[1]),
            0,
          );
        // The alerter: what it consumed, left out as late (its window had closed) and fired.
        if (name.startsWith('alerter'))
          stages[name] = {
            mentions: sum('vakt_alerter_mentions_total'),
            lateMentions: sum('vakt_alerter_late_mentions_total'),
            alertsFired: sum('vakt_alerter_alerts_fired_total'),
          };
        const batches = sum('vakt_batch_size_count');
        if (batches > 0)
          stages[name] = {
            batches,
            meanBatch: Math.round(sum('vakt_batch_size_sum') / batches),
            meanBatchMs: Math.round(
              (1000 * sum('vakt_latency_seconds_sum')) / Math.max(1, sum('vakt_latency_seconds_count')),
            ),
          };
      } catch {
        /* a stage without a metrics endpoint reports nothing */
      }
    }
    console.log(JSON.stringify({ stages }));
    const cpu = cpuByProcess();
    // The measured run only (CPU before it, start-up and warm-up, subtracted): what each process spends per mention.
    const perMention = Object.fromEntries(
      Object.entries(cpu).map(([k, v]) => [k, Math.round(((v - (cpuBefore[k] ?? 0)) * 1e6) / N)]),
    );
    console.log(JSON.stringify({ cpuSeconds: cpu, cpuMicrosPerMention: perMention }));
  } finally {
    // SIGINT lets a profiled process write its .cpuprofile on the way out (the services exit on SIGINT/SIGTERM).
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(
      procs.map((p) =>
        p.exitCode !== null
          ? null
          : new Promise((r) => {
              p.once('exit', r);
              setTimeout(r, 15_000);
            }),
      ),
    );
    await kafka.stop();
    await ch.stop();
    if (PROFILE) summariseProfile(profDir);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function embedded() {
  const { startEmbedded } = await import(new URL('../../apps/cli/dist/embedded.js', import.meta.url).href);
  const dir = mkdtempSync(join(tmpdir(), 'vakt-bench-embedded-'));
  const watch = `bench${Date.now()}`;
  writeFileSync(
    join(dir, 'watches.yaml'),
    `- name: ${watch}\n  owners: [bench@example.org]\n  query: "${watch}"\n  entities: []\n`,
  );
  const port = await freePort();
  const app = await startEmbedded({
    port,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    demo: false,
    watchesFile: join(dir, 'watches.yaml'),
    logLevel: 'warn',
  });
  try {
    const query = async (sql) => {
      const rs = await app.store.ch.query({ query: sql, format: 'JSONEachRow' });
      return rs.json();
    };
    await report('embedded', app.ingestUrl, query, watch);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (MODE === 'distributed' || MODE === 'both' || MODE === 'cluster') await distributed();
if (MODE === 'cluster') await distributed({ cluster: true });
if (MODE === 'embedded' || MODE === 'both') await embedded();
process.exit(0);
