// What each speed hunk of patches/kafkajs@2.2.4.patch saves on the producer's hot path: partition a scorer-sized batch
// (500 keyed records of ~720 bytes, 6 partitions) and encode its produce request. Compares the patched tree with
// upstream and with the patched tree minus one file's hunks at a time. Rounds interleave the variants so load on a
// shared machine hits each alike; prints the median µs per batch. Needs an unpatched tree (see
// scripts/record-kafkajs-fixture.mjs for how to make one):   node scripts/kafkajs-patch-bench.mjs /tmp/kafkajs-upstream
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const upstream = process.argv[2]?.replace(/\/?$/, '/');
if (!upstream) throw new Error('usage: node scripts/kafkajs-patch-bench.mjs <unpatched kafkajs dir>');
const patched = createRequire(import.meta.url)
  .resolve('kafkajs/package.json')
  .replace(/package\.json$/, '');
if (!readFileSync(`${patched}src/protocol/encoder.js`, 'utf8').includes('vakt patch'))
  throw new Error('installed kafkajs is not patched');

const SPEED_FILES = {
  'linear partition grouping': 'src/producer/groupMessagesPerPartition.js',
  'murmur2 in Math.imul': 'src/producer/partitioners/default/murmur2.js',
  'encoder (varints in place, small varlongs, allocUnsafe, writeEncoder)': 'src/protocol/encoder.js',
  'CRC32C slicing-by-8': 'src/protocol/recordBatch/crc32C/crc32C.js',
  'record encoder sized up front': 'src/protocol/recordBatch/record/v0/index.js',
  'record batch sized up front': 'src/protocol/recordBatch/v0/index.js',
};

/** A copy of the patched tree with one file taken from upstream. */
function without(file) {
  const dir = `${mkdtempSync(join(tmpdir(), 'kafkajs-variant-'))}/`;
  cpSync(patched, dir, { recursive: true, dereference: true });
  cpSync(`${upstream}${file}`, `${dir}${file}`);
  return dir;
}

function loader(dir) {
  // Modules of the given tree, by their path inside it (not this package's own kafkajs).
  const load = createRequire(`${dir}package.json`);
  const from = (path) => load(`${dir}${path}`);
  const produce = from('src/protocol/requests/produce/v3/request.js');
  const group = from('src/producer/groupMessagesPerPartition.js');
  const partitioner = from('src/producer/partitioners/default/index.js')();
  const partitionMetadata = Array.from({ length: 6 }, (_, partitionId) => ({ partitionId, leader: 0 }));
  return async (messages) => {
    const grouped = group({ topic: 't', partitionMetadata, messages, partitioner });
    const partitions = Object.entries(grouped).map(([p, ms]) => ({ partition: Number(p), messages: ms }));
    return (
      await produce({ acks: -1, timeout: 30_000, topicData: [{ topic: 'vakt.mentions.scored', partitions }] }).encode()
    ).buffer.length;
  };
}

const value = JSON.stringify({
  schemaVersion: 1,
  id: 'm-0',
  source: 'bench',
  text: 'Försäkringskassan svarar aldrig i telefon, tredje dagen i rad.'.repeat(3),
  sentiment: {
    label: 'negative',
    score: -0.71,
    explanation: Array.from({ length: 6 }, (_, i) => ({
      start: i,
      end: i + 5,
      contribution: -0.3,
      rules: ['negated'],
    })),
  },
}).padEnd(720, ' ');
const messages = Array.from({ length: 500 }, (_, i) => ({
  key: `bench:m-${i}`,
  value,
  timestamp: String(1_795_000_000_000 + i),
}));

const variants = { 'patched (all hunks)': loader(patched), 'upstream 2.2.4': loader(upstream) };
for (const [name, file] of Object.entries(SPEED_FILES)) variants[`patched without: ${name}`] = loader(without(file));

const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const ROUNDS = Number(process.env.ROUNDS ?? 21);
for (let round = 0; round < ROUNDS + 3; round++) {
  for (const [name, encode] of Object.entries(variants)) {
    const start = process.hrtime.bigint();
    for (let rep = 0; rep < 10; rep++) await encode(messages);
    if (round >= 3) times[name].push(Number(process.hrtime.bigint() - start) / 10_000); // µs per batch; 3 warm-up rounds
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['patched (all hunks)']);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(
    `${name.padEnd(86)} ${m.toFixed(0).padStart(6)} µs/batch  ${m === base ? '' : `(+${(((m - base) / base) * 100).toFixed(0)} %)`}`,
  );
}
