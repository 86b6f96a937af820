// In-process benchmark of the sink's per-mention CPU without Kafka or ClickHouse (not a test): decode (JSON parse +
// ScoredMention validation) → rows for vakt.mentions → the JSONEachRow insert body, for batches of scored records.
// Prints CPU µs per mention (process CPU / mentions), by part, for the old path (validate at the boundary, validate
// again in toMentionRows, row objects, the client's JSON.stringify per row) and the new one (parseScoredMention once,
// encodeMentionRows).
//
//   node services/sink/scripts/bench-sink.mjs [--n 50000] [--batch 5000] [--path both|old|new] [--watches 1]
//
// Runs on the built dist of @vakt/store and @vakt/schema (build them first: npx tsc -p packages/store).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '5000' },
    path: { type: 'string', default: 'both' },
    watches: { type: 'string', default: '1' },
  },
});
const N = Number(values.n);
const BATCH = Number(values.batch);
const WATCHES = Number(values.watches);

const { scoredMentionValidator } = await import('@vakt/schema/scored-mention');
const { toMentionRows, encodeMentionRows, parseScoredMention } = await import('@vakt/store/tables/mentions');

// The texts of test/bench/pipeline-bench.mjs, scored roughly as the scorer scores them (a few explanation spans).
const w = 'bench1763900000';
const texts = [
  `${w} appen ligger nere igen, helt oacceptabelt`,
  `Riktigt bra bemötande från ${w} idag!`,
  `${w} customer service was not helpful at all`,
  `Det är inte otrevligt att ringa ${w}`,
];
const records = Array.from({ length: N }, (_, i) =>
  Buffer.from(
    JSON.stringify({
      schemaVersion: 1,
      id: `m-${i}`,
      source: 'bench',
      text: texts[i % texts.length],
      created_at: new Date(Date.UTC(2026, 10, 23) + i).toISOString(),
      author: { handle: `u${i % 300}`, followers: i % 5000 },
      ingested_at: new Date(Date.UTC(2026, 10, 23, 1) + i).toISOString(),
      matches: Array.from({ length: WATCHES }, (_, k) => ({
        watch: `${w}${k || ''}`,
        entities: k % 2 ? ['app', 'app'] : [],
      })),
      sentiment: {
        label: 'negative',
        score: -0.6123,
        confidence: 0.8123,
        lang: 'sv',
        p_neg: 0.71234,
        p_neu: 0.2,
        p_pos: 0.08766,
        model: 'combined',
        disagreement: false,
        explanation: [
          { start: 16, end: 22, contribution: -0.4, rules: ['lexicon'] },
          { start: 28, end: 41, contribution: -0.61, rules: ['lexicon', 'intensifier'] },
        ],
      },
      scored_at: new Date(Date.UTC(2026, 10, 23, 1) + i + 5).toISOString(),
    }),
  ),
);

const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const sink = { bytes: 0 };
const paths = {
  old: {
    decode: (raw) => scoredMentionValidator.parse(raw),
    encode(ms) {
      const rows = [];
      for (const [i, m] of ms.entries()) {
        const r = toMentionRows(m, i);
        if (!r.ok) throw r.error;
        rows.push(...r.value);
      }
      return rows.map((row) => `${JSON.stringify(row)}\n`).join(''); // @clickhouse/client's encodeValues for JSONEachRow
    },
  },
  new: {
    decode: parseScoredMention,
    encode(ms) {
      let body = '';
      for (let i = 0; i < ms.length; i++) {
        const r = encodeMentionRows(ms[i], i);
        if (!r.ok) throw r.error;
        body += r.value.lines;
      }
      return body;
    },
  },
};

function run(p, count, parts) {
  for (let s = 0; s < count; s += BATCH) {
    let t = cpu();
    const ms = [];
    for (let i = s; i < Math.min(count, s + BATCH); i++) {
      const d = p.decode(records[i]);
      if (!d.ok) throw d.error;
      ms.push(d.value);
    }
    let t2 = cpu();
    if (parts) parts.decode += t2 - t;
    t = t2;
    sink.bytes += p.encode(ms).length;
    t2 = cpu();
    if (parts) parts.rows += t2 - t;
  }
}
const out = { n: N, batch: BATCH, watches: WATCHES, load1: Number(loadavg()[0].toFixed(2)) };
for (const name of values.path === 'both' ? ['old', 'new', 'old', 'new'] : [values.path]) {
  const p = paths[name];
  run(p, Math.min(N, 10000)); // warm-up: JIT
  const parts = { decode: 0, rows: 0 };
  const c0 = cpu();
  run(p, N, parts);
  const us = (x) => Number((x / N).toFixed(1));
  out[name] = [
    ...(out[name] ?? []),
    { cpuUsPerMention: us(cpu() - c0), decode: us(parts.decode), rowsAndBody: us(parts.rows) },
  ];
}
console.log(JSON.stringify(out));
