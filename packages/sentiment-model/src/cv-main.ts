/**
 * `pnpm --filter @vakt/sentiment-model cv [--folds 5] [--epochs 5] [--out model/cv.json]`: k-fold cross-validation
 * on the TRAINING rows only (the dev splits are never read). Each fold trains the network on the other folds and
 * records, after every epoch, the decomposed logits (bias / lexicon / n-gram parts) of its held-out rows. From these
 * out-of-fold predictions it chooses, in order: the number of epochs, the temperature, and the combination policy
 * (`combine.ts`), with the development part of Vakt's own phenomena cases as two more sets when `--phenomena` names them.
 * It writes the choice and the out-of-fold figures to `--out`; `train` reads them there; `--apply` records the
 * policy in the manifest of `--model`.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { applyPolicy } from './apply-policy.js';
import { DEFAULT_POLICY, type CombinePolicy } from './combine.js';
import { chooseEpoch, choosePolicy, fixedEpoch, type OofRows } from './cv.js';
import { defaultDataDir, loadCorpus } from './data.js';
import { prepare } from './dataset.js';
import { concatRows, phenomenaExamples, phenomenaRows, twinKey } from './cv-phenomena.js';
import { createDecomposer } from './decompose.js';
import { DEFAULT_MODEL_DIR, loadModel } from './model-io.js';
import { fitNetwork, setLossWeights, subset } from './fit.js';
import { lexiconView } from './lexicon.js';
import { vaktLexicon } from './lexicon.js';
import { N_CLASSES } from './network.js';
import { rng, shuffle } from './optim.js';
import { initTf } from './tf-graph.js';
import { DEFAULT_HYPER } from './train.js';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    folds: { type: 'string', default: '5' },
    epochs: { type: 'string', default: '5' },
    out: { type: 'string', default: 'model/cv.json' },
    seed: { type: 'string', default: '20261207' },
    oof: { type: 'string' },
    'from-oof': { type: 'string' },
    phenomena: { type: 'string' },
    'train-phenomena': { type: 'boolean', default: false },
    tolerance: { type: 'string', default: '0.005' },
    epoch: { type: 'string' },
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
    apply: { type: 'boolean', default: false },
  },
});
const K = Number(values.folds);
const EPOCHS = Number(values.epochs);
const seed = Number(values.seed);
const t0 = Date.now();
const log = (s: string): void => console.log(`[cv ${((Date.now() - t0) / 1000).toFixed(0)}s] ${s}`);

await initTf();
const lexicon = await vaktLexicon();
const corpus = await loadCorpus(defaultDataDir(repoRoot));
// `--train-phenomena` (with `--phenomena DIR`): the phenomena development cases are training rows like any set's,
// so they sit in the folds and their out-of-fold predictions join the policy choice (as `train --phenomena` trains
// the shipped model on them).
const trainPhenomena =
  values['train-phenomena'] && values.phenomena ? phenomenaExamples(resolve(values.phenomena)) : [];
const examples = [...corpus.examples.filter((e) => e.split === 'train' && e.set !== 'tweeteval'), ...trainPhenomena];
const hp = { ...DEFAULT_HYPER, epochs: EPOCHS };
const all = prepare(examples, hp.buckets, lexicon);
setLossWeights(all, hp);
const views = examples.map((e) => lexiconView(lexicon.features(e.text, e.lang).analysis));
log(`${all.n} training rows, ${K} folds, up to ${EPOCHS} epochs`);

// parts[epoch][row*9 ..]: bias(3) lexicon(3) bag(3), raw logits before temperature. `--oof FILE` keeps them, so the
// policy can be chosen again (`--from-oof FILE`) after a lexicon change without training the folds again.
const parts = values['from-oof'] ? await readParts(values['from-oof']) : await crossFit();
if (values.oof)
  await writeFile(
    resolve(values.oof),
    Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))),
  );

async function crossFit(): Promise<Float32Array[]> {
  const order = Int32Array.from({ length: all.n }, (_, i) => i);
  shuffle(order, rng(seed));
  const fold = new Int32Array(all.n);
  // Twins (a named case and its plain copy) share the fold of whichever comes first in the shuffled order.
  const twinFold = new Map<string, number>();
  order.forEach((row, k) => {
    const key = twinKey(examples[row]!.id);
    const f = twinFold.get(key) ?? k % K;
    if (key !== examples[row]!.id) twinFold.set(key, f);
    fold[row] = f;
  });
  const out = Array.from({ length: EPOCHS }, () => new Float32Array(all.n * 3 * N_CLASSES));
  for (let f = 0; f < K; f++) {
    const trIdx = order.filter((r) => fold[r] !== f);
    const teIdx = order.filter((r) => fold[r] === f);
    fitNetwork(
      subset(all, trIdx),
      hp,
      seed + f,
      (l) => log(`fold ${f + 1}/${K} ${l}`),
      (epoch, w) => {
        const dec = createDecomposer(w);
        for (const r of teIdx) {
          const p = dec(all.ids[r]!, all.lex.subarray(r * all.nLex, (r + 1) * all.nLex));
          const o = r * 9;
          out[epoch - 1]!.set(p.bias, o);
          out[epoch - 1]!.set(p.lexicon, o + 3);
          out[epoch - 1]!.set(p.bag, o + 6);
        }
      },
    );
  }
  return out;
}

async function readParts(file: string): Promise<Float32Array[]> {
  const buf = await readFile(resolve(file));
  const per = all.n * 3 * N_CLASSES;
  const flat = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  if (flat.length !== per * EPOCHS)
    throw new Error(`${file}: expected ${EPOCHS} epochs of ${all.n} rows; pass the --epochs it was written with`);
  return Array.from({ length: EPOCHS }, (_, e) => flat.slice(e * per, (e + 1) * per));
}

let rows: OofRows = { prepared: all, views, langs: examples.map((e) => e.lang) };
// `--epoch N`: choose the policy on epoch N's logits (the epoch count some weights were trained for) instead of the best.
const epochChoice = values.epoch
  ? fixedEpoch(chooseEpoch(rows, parts), Number(values.epoch))
  : chooseEpoch(rows, parts);
log(
  `epochs: ${epochChoice.table.map((e) => `${e.epoch}: ${e.score.toFixed(4)}`).join(', ')} → ${epochChoice.epoch} (T ${epochChoice.temperature.toFixed(3)})`,
);
// `--phenomena DIR`: the development part of Vakt's own phenomena cases joins the policy choice as two more sets
// (phenomena-sv, phenomena-en), each weighing as much as one tweet or review set, scored by a trained model that
// never saw them (`--model`, default the shipped one). The held-out part is never read.
let policyParts = parts[epochChoice.epoch - 1]!;
const phenDir = values.phenomena ? resolve(values.phenomena) : undefined;
const trained = existsSync(join(resolve(values.model), 'manifest.json'))
  ? await loadModel(resolve(values.model), lexicon.names).catch(() => undefined)
  : undefined;
const phen =
  trained && phenDir && trainPhenomena.length === 0 ? phenomenaRows(phenDir, trained.weights, lexicon) : undefined;
if (phen) {
  // Scale the extra rows' logits to the folds' temperature: choosePolicy divides every row by one T.
  const k = epochChoice.temperature / trained!.weights.temperature;
  for (let i = 0; i < phen.parts.length; i++) phen.parts[i]! *= k;
  ({ rows, parts: policyParts } = concatRows({ rows, parts: policyParts }, phen));
  log(`policy also on ${phen.rows.prepared.n} phenomena development cases (scored by ${values.model})`);
}
// The search starts from the policy in `--model`'s manifest (or the default), so a re-run moves only what the data asks.
const startPolicy = (trained?.meta.hyper as { policy?: CombinePolicy } | undefined)?.policy ?? DEFAULT_POLICY;
const policyChoice = choosePolicy(rows, policyParts, epochChoice.temperature, startPolicy, Number(values.tolerance));
log(
  `policy ${JSON.stringify(policyChoice.policy)}: OOF ${policyChoice.score.toFixed(4)} vs start ${policyChoice.start.toFixed(4)}, model alone ${policyChoice.unguarded.toFixed(4)}`,
);
for (const m of policyChoice.moves) log(`  ${m.knob}: ${m.from} → ${m.to} (${m.score.toFixed(4)})`);
const result = {
  what: 'k-fold cross-validation on the training rows (dev never read); written by `pnpm --filter @vakt/sentiment-model cv`',
  folds: K,
  seed,
  trainRows: all.n,
  epochs: epochChoice.epoch,
  temperature: epochChoice.temperature,
  policy: policyChoice.policy,
  epochTable: epochChoice.table,
  oof: policyChoice.bySet,
  selection: {
    guarded: policyChoice.score,
    start: policyChoice.start,
    unguarded: policyChoice.unguarded,
    startPolicy,
    moves: policyChoice.moves,
  },
  seconds: Math.round((Date.now() - t0) / 1000),
};
await writeFile(resolve(values.out), `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${values.out}`);
if (values.apply && trained) {
  // `--apply`: record the policy in the manifest of `--model` (the weights it was chosen with) and rewrite its card.
  await applyPolicy(resolve(values.model), policyChoice.policy, lexicon);
  log(`policy recorded in ${values.model}/manifest.json`);
}
