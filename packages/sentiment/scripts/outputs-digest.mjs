// Digest of the lexicon engine's outputs (not a test): sha256 over every analyze() result (label; score, confidence
// and raw as exact float bits; language; every token with its span, lemma, valence, contribution and rules; stats)
// on every row of the sentiment data sets and the phenomena cases, with the row's language given and left to
// detection. Run it before and after a change meant to keep behaviour (a speed-up): equal digests, equal outputs.
//   node packages/sentiment/scripts/outputs-digest.mjs [--dist <dir under the package>]
// Needs the package built (dist). --dist points at another build (e.g. a copy of dist from before a change, kept
// inside the package folder so its imports resolve). The data folder is VAKT_SENTIMENT_DATA, else the shared data
// folder next to the repository.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist' } } });
const pkg = fileURLToPath(new URL('..', import.meta.url));
const { analyze } = await import(new URL(`../${values.dist}/analyze.js`, import.meta.url).href);
const root = resolve(pkg, '..', '..');
const dataDir = resolve(process.env.VAKT_SENTIMENT_DATA ?? join(root, '..', 'shared', 'data', 'sentiment'));
const phenomenaDir = join(root, 'packages', 'sentiment-eval', 'data');

const files = [
  ...readdirSync(dataDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dataDir, d.name))
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => join(dataDir, d.name, f)),
    ),
  ...readdirSync(phenomenaDir)
    .filter((f) => /^phenomena-.*\.jsonl$/.test(f))
    .map((f) => join(phenomenaDir, f)),
].sort();

const f64 = new Float64Array(1);
const bits = (x) => {
  f64[0] = x;
  return Buffer.from(f64.buffer).toString('hex');
};
const line = (a) =>
  JSON.stringify([
    a.label,
    bits(a.score),
    bits(a.confidence),
    a.lang,
    bits(a.raw),
    a.tokens.map((t) => [t.text, t.start, t.end, t.lemma, bits(t.valence), bits(t.contribution), t.rules]),
    a.stats,
  ]) + '\n';

const hash = createHash('sha256');
let rows = 0;
for (const file of files)
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    const row = JSON.parse(text);
    if (typeof row.text !== 'string') continue; // a file's header line
    rows++;
    const lang = row.lang === 'sv' || row.lang === 'en' ? row.lang : undefined;
    hash.update(line(analyze(row.text, lang ? { lang } : {})));
    hash.update(line(analyze(row.text)));
  }
console.log(JSON.stringify({ dist: values.dist, files: files.length, rows, sha256: hash.digest('hex') }));
