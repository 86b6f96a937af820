/**
 * `pnpm --filter @vakt/sentiment-model cv [--folds 5] [--epochs 5] [--average-from 2,3] [--out model/cv.json]`:
 * k-fold cross-validation on the TRAINING rows only (the dev splits are never read). Each fold trains the network on
 * the other folds and records, after every epoch, the decomposed logits (bias / lexicon / n-gram parts) of its
 * held-out rows, for the last iterate and for the average of the iterates since each epoch in `--average-from`.
 * From these out-of-fold predictions it chooses, in order: the recipe (epochs, averaging), the temperature, and the
 * combination policy (`combine.ts`), with the development part of Vakt's own phenomena cases as two more sets when
 * `--phenomena` names them. With `--average-from`, the best averaged recipe replaces the recipe of `--model` (or the
 * last iterate after `--baseline N` epochs) only if it wins by `beatsBaseline` (higher objective, no tweet or review
 * set worse beyond `--tolerance`). `--epoch N [--averaged A]` fixes the recipe instead. `--apply` refuses a policy
 * chosen for another recipe than the one `--model` was trained with.
 * `--ngram-dropout P` and `--emb-decay W` train the folds with that regularisation (`Hyper`); `--against FILE`
 * compares the result, each under its own policy and by the same `beatsBaseline` rule, with the out-of-fold logits
 * (`--oof`) of a run without it (same seed, folds, epochs and `--average-from`), and exits 1 when it does not win.
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
import {
  beatsBaseline,
  choosePolicy,
  chooseRecipe,
  cvRecipes,
  headline,
  recipeName,
  type OofRows,
  type Recipe,
} from './cv.js';
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
    averaged: { type: 'string', default: '0' },
    baseline: { type: 'string' },
    'average-from': { type: 'string', default: '' },
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
    apply: { type: 'boolean', default: false },
    'ngram-dropout': { type: 'string', default: String(DEFAULT_HYPER.ngramDropout) },
    'emb-decay': { type: 'string', default: String(DEFAULT_HYPER.embDecay) },
    against: { type: 'string' },
  },
});
const K = Number(values.folds);
const EPOCHS = Number(values.epochs);
const seed = Number(values.seed);
const averageStarts = values['average-from']
  .split(',')
  .filter(Boolean)
  .map((a) => Number(a));
const recipes = cvRecipes(EPOCHS, averageStarts);
const recipeIndex = (r: Recipe): number =>
  recipes.findIndex((x) => x.epochs === r.epochs && x.averageFrom === r.averageFrom);
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
const hp = {
  ...DEFAULT_HYPER,
  epochs: EPOCHS,
  ngramDropout: Number(values['ngram-dropout']),
  embDecay: Number(values['emb-decay']),
};
const all = prepare(examples, hp.buckets, lexicon);
setLossWeights(all, hp);
const views = examples.map((e) => lexiconView(lexicon.features(e.text, e.lang).analysis));
log(
  `${all.n} training rows, ${K} folds, n-gram dropout ${hp.ngramDropout}, embedding decay ${hp.embDecay}, ${recipes.length} recipes: ${recipes.map(recipeName).join('; ')}`,
);

// parts[recipe][row*9 ..]: bias(3) lexicon(3) bag(3), raw logits before temperature. `--oof FILE` keeps them, so the
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
  const out = recipes.map(() => new Float32Array(all.n * 3 * N_CLASSES));
  const record = (w: Parameters<typeof createDecomposer>[0], at: Float32Array, teIdx: Int32Array): void => {
    const dec = createDecomposer(w);
    for (const r of teIdx) {
      const p = dec(all.ids[r]!, all.lex.subarray(r * all.nLex, (r + 1) * all.nLex));
      const o = r * 9;
      at.set(p.bias, o);
      at.set(p.lexicon, o + 3);
      at.set(p.bag, o + 6);
    }
  };
  for (let f = 0; f < K; f++) {
    const trIdx = order.filter((r) => fold[r] !== f);
    const teIdx = order.filter((r) => fold[r] === f);
    fitNetwork(
      subset(all, trIdx),
      hp,
      seed + f,
      (l) => log(`fold ${f + 1}/${K} ${l}`),
      (epoch, w, _loss, averaged) => {
        record(w, out[recipeIndex({ epochs: epoch, averageFrom: 0 })]!, teIdx);
        for (const a of averageStarts)
          if (a <= epoch) record(averaged(a), out[recipeIndex({ epochs: epoch, averageFrom: a })]!, teIdx);
      },
      averageStarts,
    );
  }
  return out;
}

async function readParts(file: string): Promise<Float32Array[]> {
  const buf = await readFile(resolve(file));
  const per = all.n * 3 * N_CLASSES;
  const flat = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  if (flat.length !== per * recipes.length)
    throw new Error(
      `${file}: expected ${recipes.length} recipes of ${all.n} rows; pass the --epochs and --average-from it was written with`,
    );
  return recipes.map((_, e) => flat.slice(e * per, (e + 1) * per));
}

const baseRows: OofRows = { prepared: all, views, langs: examples.map((e) => e.lang) };
const trained = existsSync(join(resolve(values.model), 'manifest.json'))
  ? await loadModel(resolve(values.model), lexicon.names).catch(() => undefined)
  : undefined;
const trainedHyper = trained?.meta.hyper as
  | { policy?: CombinePolicy; epochs?: number; averageFrom?: number; ngramDropout?: number; embDecay?: number }
  | undefined;
// `--epoch N [--averaged A]`: the recipe some weights were trained with (to choose their policy) instead of the best;
// with `--baseline` it is still compared, and the comparison recorded, but kept whatever it shows.
const fixed = values.epoch ? { epochs: Number(values.epoch), averageFrom: Number(values.averaged) } : undefined;
if (fixed && recipeIndex(fixed) < 0)
  throw new Error(`--epoch/--averaged: ${recipeName(fixed)} is not among this run's recipes`);
const same = (r: Recipe) => (x: Recipe) => x.epochs === r.epochs && x.averageFrom === r.averageFrom;
// With `--average-from`, the recipe of `--model` (or the last iterate after `--baseline N` epochs) is the baseline
// an averaged recipe must beat.
const shippedRecipe = { epochs: trainedHyper?.epochs ?? 0, averageFrom: trainedHyper?.averageFrom ?? 0 };
const baselineRecipe = values.baseline ? { epochs: Number(values.baseline), averageFrom: 0 } : shippedRecipe;
const baselineChoice =
  averageStarts.length > 0 && (!fixed || values.baseline)
    ? chooseRecipe(
        baseRows,
        parts,
        recipes,
        recipeIndex(baselineRecipe) >= 0 ? same(baselineRecipe) : (r) => !r.averageFrom,
      )
    : undefined;
const challengerChoice = fixed
  ? chooseRecipe(baseRows, parts, recipes, same(fixed))
  : chooseRecipe(baseRows, parts, recipes, (r) => !baselineChoice || r.averageFrom > 0);
log(
  `recipes (model alone, tweet and review sets): ${challengerChoice.table.map((e) => `${recipeName(e)}: ${e.score.toFixed(4)}`).join(', ')}`,
);
// The search starts from the policy in `--model`'s manifest (or the default), so a re-run moves only what the data asks.
const startPolicy = trainedHyper?.policy ?? DEFAULT_POLICY;
const phenDir = values.phenomena ? resolve(values.phenomena) : undefined;

/**
 * The policy for one recipe's out-of-fold logits. `--phenomena DIR` without `--train-phenomena`: the development
 * part of Vakt's own phenomena cases joins the choice as two more sets (phenomena-sv, phenomena-en), each weighing
 * as much as one tweet or review set, scored by a trained model that never saw them (`--model`). The held-out part
 * is never read.
 */
function policyFor(choice: { index: number; temperature: number }, from: Float32Array[] = parts) {
  let rows = baseRows;
  let policyParts = from[choice.index]!;
  const phen =
    trained && phenDir && trainPhenomena.length === 0 ? phenomenaRows(phenDir, trained.weights, lexicon) : undefined;
  if (phen) {
    // Scale the extra rows' logits to the folds' temperature: choosePolicy divides every row by one T.
    const k = choice.temperature / trained!.weights.temperature;
    for (let i = 0; i < phen.parts.length; i++) phen.parts[i]! *= k;
    ({ rows, parts: policyParts } = concatRows({ rows, parts: policyParts }, phen));
    log(`policy also on ${phen.rows.prepared.n} phenomena development cases (scored by ${values.model})`);
  }
  return choosePolicy(rows, policyParts, choice.temperature, startPolicy, Number(values.tolerance));
}

const challengerPolicy = policyFor(challengerChoice);
const baselinePolicy = baselineChoice ? policyFor(baselineChoice) : undefined;
const verdict = baselinePolicy ? beatsBaseline(challengerPolicy, baselinePolicy, Number(values.tolerance)) : undefined;
if (baselineChoice && verdict)
  log(
    `${recipeName(challengerChoice)} (OOF ${challengerPolicy.score.toFixed(4)}) vs ${recipeName(baselineChoice)} (${baselinePolicy!.score.toFixed(4)}): ${verdict.wins ? 'wins' : `${fixed ? 'does not win (kept: --epoch fixes the recipe)' : 'keeps the baseline'}: ${verdict.reasons.join('; ')}`}`,
  );
const [recipeChoice, policyChoice] =
  verdict && !verdict.wins && !fixed ? [baselineChoice!, baselinePolicy!] : [challengerChoice, challengerPolicy];
log(
  `${recipeName(recipeChoice)} (T ${recipeChoice.temperature.toFixed(3)}), policy ${JSON.stringify(policyChoice.policy)}: OOF ${policyChoice.score.toFixed(4)} vs start ${policyChoice.start.toFixed(4)}, model alone ${policyChoice.unguarded.toFixed(4)}`,
);
for (const m of policyChoice.moves) log(`  ${m.knob}: ${m.from} → ${m.to} (${m.score.toFixed(4)})`);
const regularisation = values.against ? await compareAgainst(values.against) : undefined;

/** `--against FILE`: this run's choice against the same recipe trained without its regularisation, out of fold. */
async function compareAgainst(file: string) {
  const other = await readParts(file);
  const choice = chooseRecipe(baseRows, other, recipes, same(recipeChoice));
  const policy = policyFor(choice, other);
  const v = beatsBaseline(policyChoice, policy, Number(values.tolerance));
  log(
    `n-gram dropout ${hp.ngramDropout}, embedding decay ${hp.embDecay} (OOF ${policyChoice.score.toFixed(4)}) vs ${file} (${policy.score.toFixed(4)}), ${recipeName(choice)}: ${v.wins ? 'wins' : `keep the baseline: ${v.reasons.join('; ')}`}`,
  );
  if (!v.wins) process.exitCode = 1;
  const bySet = Object.fromEntries(
    Object.entries(policy.bySet).map(([set, b]) => {
      const c = policyChoice.bySet[set]?.combined;
      return [
        set,
        { baseline: b.combined && headline({ [set]: b.combined }), regularised: c && headline({ [set]: c }) },
      ];
    }),
  );
  for (const [set, x] of Object.entries(bySet))
    log(`  ${set}: ${x.baseline?.toFixed(4)} → ${x.regularised?.toFixed(4)}`);
  return {
    rule: `the regularised recipe replaces the baseline only with a higher objective and no tweet or review set more than ${values.tolerance} worse out of fold`,
    against: file,
    recipe: recipeName(choice),
    wins: v.wins,
    reasons: v.reasons,
    objective: { baseline: policy.score, regularised: policyChoice.score },
    headlineBySet: bySet,
  };
}
const result = {
  what: 'k-fold cross-validation on the training rows (dev never read); written by `pnpm --filter @vakt/sentiment-model cv`',
  folds: K,
  seed,
  trainRows: all.n,
  epochs: recipeChoice.epochs,
  averageFrom: recipeChoice.averageFrom,
  ngramDropout: hp.ngramDropout,
  embDecay: hp.embDecay,
  temperature: recipeChoice.temperature,
  policy: policyChoice.policy,
  recipeTable: recipeChoice.table,
  oof: policyChoice.bySet,
  ...(baselineChoice && baselinePolicy && verdict
    ? {
        comparison: {
          rule: `the averaged recipe replaces the baseline only with a higher objective and no tweet or review set more than ${values.tolerance} worse out of fold`,
          wins: verdict.wins,
          reasons: verdict.reasons,
          baseline: { recipe: recipeName(baselineChoice), objective: baselinePolicy.score, oof: baselinePolicy.bySet },
          averaged: {
            recipe: recipeName(challengerChoice),
            objective: challengerPolicy.score,
            oof: challengerPolicy.bySet,
          },
        },
      }
    : {}),
  ...(regularisation ? { regularisation } : {}),
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
const trainedRegularisation = `n-gram dropout ${trainedHyper?.ngramDropout ?? 0}, embedding decay ${trainedHyper?.embDecay ?? 0}`;
if (values.apply && trained && !same(shippedRecipe)(recipeChoice)) {
  // A policy belongs to the weights it was chosen for: another recipe's policy is not applied to these.
  log(`not applied: ${values.model} was trained with ${recipeName(shippedRecipe)}; train with ${values.out} first`);
  process.exitCode = 1;
} else if (
  values.apply &&
  trained &&
  trainedRegularisation !== `n-gram dropout ${hp.ngramDropout}, embedding decay ${hp.embDecay}`
) {
  log(
    `not applied: ${values.model} was trained with ${trainedRegularisation}; pass the same --ngram-dropout/--emb-decay`,
  );
  process.exitCode = 1;
} else if (values.apply && trained) {
  // `--apply`: record the policy in the manifest of `--model` (the weights it was chosen with) and rewrite its card.
  await applyPolicy(resolve(values.model), policyChoice.policy, lexicon);
  log(`policy recorded in ${values.model}/manifest.json`);
}
