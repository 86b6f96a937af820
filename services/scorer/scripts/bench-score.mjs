// In-process benchmark of the scorer's per-mention work without Kafka (not a test): decode (JSON parse + Mention
// validation) → score stage (engine + Sentiment validation + ScoredMention JSON) for batches of raw records, and
// optionally kafkajs record-batch encoding of the output. Prints CPU µs per mention (process CPU / mentions), by part.
//
//   node services/scorer/scripts/bench-score.mjs [--n 50000] [--batch 360] [--texts bench|dev] [--kafka]
//
// Runs on the built dist of the workspace packages (build them first). `--texts bench` uses the four texts of
// test/bench/pipeline-bench.mjs, `dev` the dev rows of the sentiment data (`VAKT_SENTIMENT_DATA`; more varied, longer).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '50000' },
    batch: { type: 'string', default: '360' },
    texts: { type: 'string', default: 'bench' },
    kafka: { type: 'boolean', default: false },
  },
});
const N = Number(values.n);
const BATCH = Number(values.batch);

const { createScorerEngine } = await import('../dist/engine.js');
const scoreModule = await import('@vakt/stages/score');
const { createScoreStage } = scoreModule;
const { mentionValidator } = await import('@vakt/schema/mention');
// What the scorer app decodes with (decodeMention since it exists; the plain validator before).
const decode = scoreModule.decodeMention ?? ((raw) => mentionValidator.parse(raw));

let texts;
if (values.texts === 'dev') {
  const req = createRequire(new URL('../../../packages/sentiment-model/package.json', import.meta.url));
  const data = await import(new URL('../../../packages/sentiment-model/dist/data.js', import.meta.url).href);
  const root = new URL('../../..', import.meta.url).pathname;
  const corpus = await data.loadCorpus(data.defaultDataDir(root));
  texts = corpus.examples.filter((e) => e.split === 'dev').map((e) => e.text);
  void req;
} else {
  const w = 'bench1763900000';
  texts = [
    `${w} appen ligger nere igen, helt oacceptabelt`,
    `Riktigt bra bemötande från ${w} idag!`,
    `${w} customer service was not helpful at all`,
    `Det är inte otrevligt att ringa ${w}`,
  ];
}
const records = Array.from({ length: N }, (_, i) => ({
  topic: 'vakt.mentions.raw',
  partition: i % 6,
  offset: String(i),
  key: `bench:m-${i}`,
  headers: {},
  timestamp: 0,
  value: Buffer.from(
    JSON.stringify({
      schemaVersion: 1,
      id: `m-${i}`,
      source: 'bench',
      text: texts[i % texts.length],
      created_at: new Date(Date.UTC(2026, 10, 23) + i).toISOString(),
      author: { handle: `u${i % 300}`, followers: i % 5000 },
      ingested_at: new Date(Date.UTC(2026, 10, 23, 1) + i).toISOString(),
      matches: [{ watch: 'bench1763900000', entities: [] }],
    }),
  ),
}));

const log = { info() {}, warn() {}, error() {}, debug() {} };
const engine = await createScorerEngine(log);
const stage = createScoreStage(engine, () => 1763900000000);

let encode;
if (values.kafka) {
  const require = createRequire(import.meta.resolve('@vakt/bus/types').replace('file://', ''));
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
  const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C');
  globalThis.crcBench = crc32C;
  encode = async (outs) => {
    const recs = outs.map((o, i) =>
      Record({ offsetDelta: i, key: o.record.key, value: o.record.value, timestampDelta: 0, headers: {} }),
    );
    return (
      await RecordBatch({
        compression: 0,
        records: recs,
        firstTimestamp: 0,
        maxTimestamp: 0,
        lastOffsetDelta: recs.length - 1,
      })
    ).buffer;
  };
}

const parts = { decode: 0, stage: 0, kafka: 0 };
const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
async function run(count, measure) {
  for (let s = 0; s < count; s += BATCH) {
    const batch = records.slice(s, Math.min(count, s + BATCH));
    let t = cpu();
    const inputs = [];
    for (const r of batch) {
      const d = decode(r.value);
      if (d.ok) inputs.push(d.value);
      else throw d.error;
    }
    let t2 = cpu();
    if (measure) parts.decode += t2 - t;
    t = t2;
    const results = await stage.process(inputs, { now: () => 0 });
    t2 = cpu();
    if (measure) parts.stage += t2 - t;
    t = t2;
    if (encode) {
      await encode(results.flatMap((r) => (r.ok ? r.value : [])));
      t2 = cpu();
      if (measure) parts.kafka += t2 - t;
    }
  }
}
await run(Math.min(N, 10000), false); // warm-up: JIT, caches
const w0 = performance.now();
const c0 = cpu();
await run(N, true);
const total = cpu() - c0;
const wall = performance.now() - w0;
const us = (x) => (x / N).toFixed(1);
console.log(
  JSON.stringify({
    texts: values.texts,
    n: N,
    batch: BATCH,
    load1: Number(loadavg()[0].toFixed(2)),
    cpuUsPerMention: Number(us(total)),
    parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Number(us(v))])),
    wallPerSec: Math.round(N / (wall / 1000)),
  }),
);
