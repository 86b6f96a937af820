// What validating a scored mention costs per record, three ways, on the recorded fixture records (built dist/):
// JSON.parse alone (the floor), the full ajv validator, and decodeScoredMention (TypeBox's compiled check, ajv on
// a miss). Rounds interleave the three so load on a shared machine hits each alike; the median round is printed.
// Run: npm run build && npm run bench   (in packages/schema)
import { readFileSync } from 'node:fs';
import { scoredMentionValidator } from '../dist/scored-mention.js';
import { decodeScoredMention } from '../dist/scored-mention-decode.js';

const lines = readFileSync(new URL('../test/fixtures/scored-mention-v1.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const records = Array.from({ length: 4_000 }, (_, i) => lines[i % lines.length]);
const ROUNDS = 15;

const ways = {
  'JSON.parse only': (s) => JSON.parse(s) !== null,
  'ajv (scoredMentionValidator.parse)': (s) => scoredMentionValidator.parse(s).ok,
  'decodeScoredMention (TypeBox, ajv on a miss)': (s) => decodeScoredMention(s).ok,
};
const times = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (let round = 0; round < ROUNDS + 2; round++) {
  for (const [name, decode] of Object.entries(ways)) {
    const start = process.hrtime.bigint();
    for (let rep = 0; rep < 3; rep++)
      for (const s of records) if (!decode(s)) throw new Error(`${name} rejected a recorded record`);
    const ns = Number(process.hrtime.bigint() - start) / (3 * records.length);
    if (round >= 2) times[name].push(ns); // the first two rounds warm the JIT
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = median(times['JSON.parse only']);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(
    `${name.padEnd(46)} ${m.toFixed(0).padStart(6)} ns/record  (validation ${Math.max(0, m - floor).toFixed(0)} ns)`,
  );
}
