#!/usr/bin/env node
// Rows and bytes per mention in ClickHouse (not a test: prints figures), for sizing disks and shards.
//
//   node packages/store/bench/storage-bench.mjs [--n 100000] [--cluster]      (after `pnpm --filter @vakt/store build`)
//
// Inserts N scored mentions through insertMentions into a clickhouse-server started by infra/clickhouse (and with
// --cluster into a 2 shards x 2 replicas cluster from start-cluster.mjs), merges every table (OPTIMIZE … FINAL, as
// background merges eventually do), then reads system.parts: rows, bytes on disk and uncompressed bytes per table,
// divided by N. Mentions are synthetic but not repetitive: 8-45 words drawn from a 400-word Swedish/English
// vocabulary by a seeded PRNG, a unique URL and id, 2,000 authors, 30% matching a second watch, 1-3 entities.
// Real posts are more varied than this, so take the text column as a lower bound.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createStoreClient } from '../dist/client.js';
import { insertMentions } from '../dist/tables/mentions.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : process.argv[i + 1];
};
const N = Number(arg('n', '100000'));
const CLUSTER = process.argv.includes('--cluster');
const BATCH = 5_000;
const infra = (f) => fileURLToPath(new URL(`../../../infra/clickhouse/${f}`, import.meta.url));

/** A seeded linear congruential generator: enough to draw words reproducibly; nothing here needs more. */
function seeded(seed) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const SYLLABLES = [
  'fak',
  'tur',
  'kund',
  'tjänst',
  'han',
  'dläg',
  'ning',
  'app',
  'en',
  'ser',
  'vice',
  'kass',
  'an',
  'för',
  'säk',
  'ring',
  'be',
  'slut',
  'vänt',
  'an',
  'wait',
  'ing',
  'help',
  'ful',
  'slow',
  'sup',
  'port',
  'ans',
  'ök',
  'an',
  'ut',
  'bet',
  'al',
  'ning',
  'tele',
  'fon',
  'kö',
  'tid',
  'brev',
  'post',
];
function vocabulary(r) {
  const words = new Set();
  while (words.size < 400) {
    const n = 1 + Math.floor(r() * 3);
    words.add(Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join(''));
  }
  return [...words];
}

function mentions(n) {
  const r = seeded(19);
  const words = vocabulary(r);
  const labels = ['negative', 'neutral', 'positive'];
  const t0 = Date.UTC(2026, 10, 1);
  return Array.from({ length: n }, (_, i) => {
    const len = 8 + Math.floor(r() * 38);
    const text = Array.from({ length: len }, () => words[Math.floor(r() * words.length)]).join(' ');
    const label = labels[Math.floor(r() * 3)];
    const at = new Date(t0 + Math.floor((i * (30 * 86_400_000)) / n)).toISOString(); // a month of mentions
    const author = Math.floor(r() * 2_000);
    const entities = ['faktura', 'appen', 'kundtjänst', 'handläggning'].filter(() => r() < 0.35).slice(0, 3);
    return {
      schemaVersion: 1,
      id: `${1_700_000_000_000 + i * 7919}`,
      source: r() < 0.5 ? 'mastodon' : 'rss',
      text,
      created_at: at,
      ingested_at: at,
      url: `https://social.example/@user${author}/${1_700_000_000_000 + i * 7919}`,
      author: { id: `${9_000_000 + author}`, handle: `user${author}`, followers: Math.floor(r() * 50_000) },
      engagement: {
        reposts: Math.floor(r() * 20),
        replies: Math.floor(r() * 10),
        likes: Math.floor(r() * 100),
        quotes: 0,
      },
      matches: [
        { watch: 'forsakringskassan', entities },
        ...(r() < 0.3 ? [{ watch: 'skatteverket', entities: [] }] : []),
      ],
      sentiment: {
        label,
        score: label === 'negative' ? -r() : label === 'positive' ? r() : 0,
        confidence: r(),
        lang: r() < 0.8 ? 'sv' : 'en',
        p_neg: r(),
        p_neu: r(),
        p_pos: r(),
        model: 'lexicon+logreg-v3',
        disagreement: r() < 0.05,
        explanation: [{ start: 0, end: 8, contribution: -0.4, rules: ['lexicon'] }],
      },
      scored_at: at,
    };
  });
}

function launch(script, args) {
  const child = spawn(process.execPath, [infra(script), '--json', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ child, ready: JSON.parse(out.slice(0, out.indexOf('\n'))) });
    });
    child.once('exit', (c) => reject(new Error(`${script} exited ${c}`)));
  });
}

async function sql(url, query) {
  const res = await fetch(`${url}/?database=vakt`, { method: 'POST', body: query });
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
  return text;
}

const PARTS =
  "SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS disk, sum(data_uncompressed_bytes) AS raw FROM system.parts WHERE database = 'vakt' AND active AND table NOT LIKE '%schema_migrations%' GROUP BY table ORDER BY table FORMAT JSONEachRow";

/**
 * Merges every Vakt table, then sums system.parts over `urls` per table. On a cluster a replica that does not lead
 * its shard may refuse OPTIMIZE (18.16: "Unknown log entry type"); the leader's merge replicates to it instead.
 */
async function measure(urls) {
  const totals = new Map();
  for (const url of urls) {
    const tables = (
      await sql(
        url,
        "SELECT name FROM system.tables WHERE database = 'vakt' AND engine LIKE '%MergeTree' AND name != 'schema_migrations' FORMAT TSV",
      )
    )
      .trim()
      .split('\n');
    for (const t of tables) await sql(url, `OPTIMIZE TABLE vakt.${t} FINAL`).catch(() => undefined);
  }
  if (urls.length > 1) await new Promise((r) => setTimeout(r, 10_000)); // merged parts replicate
  for (const url of urls) {
    for (const line of (await sql(url, PARTS)).trim().split('\n').filter(Boolean)) {
      const r = JSON.parse(line);
      const name = r.table.replace(/_local$/, '');
      const t = totals.get(name) ?? { rows: 0, disk: 0, raw: 0 };
      totals.set(name, { rows: t.rows + Number(r.rows), disk: t.disk + Number(r.disk), raw: t.raw + Number(r.raw) });
    }
  }
  return totals;
}

function report(label, totals, copies) {
  let disk = 0;
  console.log(`\n${label}: ${N} mentions${copies > 1 ? ` (summed over all ${copies} replicas of each shard)` : ''}`);
  console.log('table                              rows/mention  disk B/mention  uncompressed B/mention');
  for (const [t, v] of totals) {
    disk += v.disk;
    console.log(
      `${t.padEnd(34)} ${(v.rows / N).toFixed(3).padStart(12)}  ${(v.disk / N).toFixed(1).padStart(14)}  ${(v.raw / N).toFixed(1).padStart(22)}`,
    );
  }
  console.log(
    `${'total'.padEnd(34)} ${''.padStart(12)}  ${(disk / N).toFixed(1).padStart(14)}${copies > 1 ? `  (${(disk / N / copies).toFixed(1)} per copy)` : ''}`,
  );
}

const all = mentions(N);
async function fill(store) {
  const insert = insertMentions(store);
  for (let i = 0; i < all.length; i += BATCH) {
    const r = await insert(all.slice(i, i + BATCH));
    if (!r.ok) throw r.error;
  }
}

{
  const { child, ready } = await launch('start-server.mjs', []);
  try {
    const store = await createStoreClient({ mode: 'server', url: ready.url });
    await fill(store);
    await store.close();
    report(`clickhouse-server ${await sql(ready.url, 'SELECT version()')}`.trim(), await measure([ready.url]), 1);
  } finally {
    child.kill('SIGTERM');
  }
}
if (CLUSTER) {
  const { child, ready } = await launch('start-cluster.mjs', []);
  try {
    const store = await createStoreClient({
      mode: 'server',
      url: ready.nodes[0].url,
      database: 'vakt',
      cluster: ready.cluster,
    });
    await fill(store);
    await store.close();
    await new Promise((r) => setTimeout(r, 5_000)); // replicas fetch what the other replica of their shard took
    const totals = await measure(ready.nodes.map((n) => n.url));
    report(`2 shards x 2 replicas cluster`, totals, 2);
  } finally {
    child.kill('SIGTERM');
  }
}
