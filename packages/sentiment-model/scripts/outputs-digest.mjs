// Digest of the engine's outputs on the dev rows (not a test): sha256 over every result (probabilities as exact
// float bits, labels, scores, flags, token explanations), scored in batches of 256 and one by one. Run it before and
// after a change to the inference code: identical digests mean identical outputs. Needs the package built (dist).
//   node packages/sentiment-model/scripts/outputs-digest.mjs [--split dev|all] [--dist <dir under the package>]
// --dist points at another build of the package (e.g. a copy of dist from before a change, kept inside the package
// folder so its imports resolve): both builds then score with the same lexicon engine.
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { values } = parseArgs({
  options: { split: { type: 'string', default: 'dev' }, dist: { type: 'string', default: 'dist' } },
});
const dist = new URL(`../${values.dist}/`, import.meta.url);
const { defaultDataDir, loadCorpus } = await import(new URL('data.js', dist).href);
const { createSentimentEngine } = await import(new URL('engine.js', dist).href);
const root = new URL('../../..', import.meta.url).pathname;
const corpus = await loadCorpus(defaultDataDir(root));
const rows = corpus.examples.filter((e) => values.split === 'all' || e.split === values.split);
// Language given as the data has it, and also left to detection.
const items = rows.flatMap((r) => [{ text: r.text, lang: r.lang }, { text: r.text }]);
const engine = await createSentimentEngine();
const f64 = new Float64Array(1);
const bits = (x) => {
  f64[0] = x;
  return Buffer.from(f64.buffer).toString('hex');
};
const line = (r) =>
  [
    r.label,
    bits(r.score),
    bits(r.confidence),
    r.lang,
    bits(r.p_neg),
    bits(r.p_neu),
    bits(r.p_pos),
    r.lexicon.label,
    bits(r.lexicon.score),
    r.disagreement,
    r.model,
    JSON.stringify(r.tokens),
  ].join('|');
const batched = createHash('sha256');
for (let s = 0; s < items.length; s += 256)
  for (const r of engine.scoreBatch(items.slice(s, s + 256))) batched.update(line(r) + '\n');
const single = createHash('sha256');
for (const it of items) single.update(line(engine.scoreBatch([it])[0]) + '\n');
const b = batched.digest('hex');
const s1 = single.digest('hex');
console.log(
  JSON.stringify({
    dist: values.dist,
    model: engine.model,
    split: values.split,
    items: items.length,
    batched: b,
    single: s1,
    agree: b === s1,
  }),
);
