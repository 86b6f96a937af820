import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_POLICY, type CombinePolicy } from './combine.js';
import { loadCorpus, loadExtra, type Example, type LoadedFile } from './data.js';
import { phenomenaExamples } from './cv-phenomena.js';
import { prepare } from './dataset.js';
import { metricsBySet, predictLogits, probsFromLogits } from './evaluate.js';
import { fitNetwork, setLossWeights } from './fit.js';
import { lexiconFingerprint, vaktLexicon, type LexiconProvider } from './lexicon.js';
import type { SetMetrics } from './metrics.js';
import { writeModelCard } from './model-card.js';
import { DEFAULT_MODEL_DIR, saveModel, type ModelMeta } from './model-io.js';
import { quantize, type NetworkWeights } from './network.js';
import { runProbes } from './probes.js';
import { initTf } from './tf-graph.js';

/**
 * Hyper-parameters. The network's shape and optimiser settings are the earlier dev-chosen ones; epochs,
 * temperature and the combination policy come from k-fold cross-validation on the training rows (`model/cv.json`).
 */
export interface Hyper {
  buckets: number;
  dim: number;
  hidden: number;
  epochs: number;
  /**
   * 0: ship the last iterate. a ≥ 1: ship the uniform average of every iterate from the start of epoch a to the
   * end (stochastic weight averaging; `TailAverage`), which one retraining moves less than the last iterate.
   */
  averageFrom: number;
  batch: number;
  lr: number;
  embLr: number;
  dropout: number;
  /** Share of training examples whose whole n-gram bag is dropped (see `lossAndGrads`). */
  bagDropout: number;
  /** Probability that each hashed n-gram of a post is left out of its bag in training (`ngramMask`); 0 = off. */
  ngramDropout: number;
  /** Decoupled weight decay of the embedding rows a step touches (`SparseAdam`); 0 = off. */
  embDecay: number;
  l2: number;
  /** Loss weight per training set (sets absent here weigh 1). */
  setWeights: Record<string, number>;
  /** Class-balance exponent: each class in a set weighs (n / (k · n_class))^α. 0 = none, 1 = fully balanced. */
  classBalance: number;
  /** Loss weight of `--add` examples relative to a base example (they are in-domain for the deployment). */
  addedWeight: number;
  /** Softmax temperature (calibration), fitted on the cross-validation's out-of-fold logits. */
  temperature: number;
  /** How the verdict combines model and lexicon (`combine.ts`), chosen on the out-of-fold predictions. */
  policy: CombinePolicy;
}

export const DEFAULT_HYPER: Hyper = {
  buckets: 1 << 18,
  dim: 24,
  hidden: 32,
  epochs: 4,
  averageFrom: 0,
  batch: 64,
  lr: 2e-3,
  embLr: 2e-3,
  dropout: 0.2,
  bagDropout: 0.3,
  // Regularisation candidates, off unless the cross-validation adopts them (`cv --ngram-dropout/--emb-decay`).
  ngramDropout: 0,
  embDecay: 0,
  l2: 1e-5,
  // The phenomena development cases (`--phenomena`) weigh as the other small hand-labelled set, swe-sentiment.
  setWeights: {
    semeval: 1,
    'mozetic-en': 0.5,
    'mozetic-sv': 2,
    'swe-sentiment': 5,
    'absabank-imm': 0.7,
    'phenomena-sv': 5,
    'phenomena-en': 5,
  },
  classBalance: 0.5,
  addedWeight: 3,
  temperature: 1,
  policy: DEFAULT_POLICY,
};

/** Options of `train()`; `vakt train` maps its flags onto these. */
export interface TrainOptions {
  /** The sentiment data folder: one sub-folder of JSONL per set (README, "Training data"). */
  dataDir: string;
  /** Where `manifest.json`, `weights.bin` and `MODEL_CARD.md` are written. */
  outDir: string;
  seed: number;
  /** Extra labelled JSONL files (`--add`), trained on together with the base data; recorded in the card. */
  add?: string[];
  /** Progress lines (one per epoch and phase); never receives mention text. */
  log: (line: string) => void;
  /** Override hyper-parameters (experiments); the card records the values used. */
  hyper?: Partial<Hyper>;
  /** `false` trains the n-gram-only ablation (no lexicon features). Default: `@vakt/sentiment`. */
  lexicon?: LexiconProvider | false;
  /** Injected clock for durations and the card's date. */
  now?: () => number;
  /** The cross-validation's choice (`cv-main.ts`); default `model/cv.json` of this package. Ignored with `hyper`. */
  cvFile?: string;
  /** Also train on the development part of Vakt's phenomena cases in this folder (`cv-phenomena.ts`). */
  phenomenaDir?: string;
}

/** What a run produced: per-set dev metrics of the written (quantised) model, and timings. */
export interface TrainResult {
  metrics: Record<string, SetMetrics>;
  bestEpoch: number;
  temperature: number;
  durationMs: number;
  outDir: string;
}

/**
 * Trains the model end to end, deterministically for a given seed and data: load → featurise → Adam epochs
 * (tfjs gradients; the iterates averaged from `averageFrom` on) → the cross-validated temperature → int8
 * quantisation → dev metrics of the quantised weights, for the card → `manifest.json` + `weights.bin` +
 * `MODEL_CARD.md` in `outDir`.
 */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const cv = opts.hyper ? undefined : await readCvChoice(opts.cvFile ?? join(DEFAULT_MODEL_DIR, 'cv.json'));
  const hp: Hyper = {
    ...DEFAULT_HYPER,
    ...cv,
    ...opts.hyper,
    setWeights: { ...DEFAULT_HYPER.setWeights, ...opts.hyper?.setWeights },
  };
  const lexicon = opts.lexicon === false ? undefined : (opts.lexicon ?? (await vaktLexicon()));
  // Without lexicon features a dropped bag leaves no input at all: bag dropout only applies to the combined model.
  if (!lexicon) hp.bagDropout = 0;
  await initTf();

  const corpus = await loadCorpus(opts.dataDir);
  const files: LoadedFile[] = [...corpus.files];
  const added: Example[] = [];
  for (const f of opts.add ?? []) {
    const x = await loadExtra(f);
    added.push(...x.examples);
    files.push(x.file);
  }
  const phenomena = opts.phenomenaDir ? phenomenaExamples(opts.phenomenaDir) : [];
  const trainEx = [
    ...corpus.examples.filter((e) => e.split === 'train' && e.set !== 'tweeteval'),
    ...phenomena,
    ...added,
  ];
  const devEx = corpus.examples.filter((e) => e.split === 'dev');
  opts.log(
    `data: ${trainEx.length} train (${added.length} added), ${devEx.length} dev from ${files.length} files; ${cv ? 'epochs, temperature and policy from the cross-validation' : 'settings as given'}`,
  );

  const tr = prepare(trainEx, hp.buckets, lexicon);
  setLossWeights(tr, hp);
  opts.log(`featurised in ${((now() - t0) / 1000).toFixed(1)}s; ${tr.nLex} lexicon features`);
  // Every setting was fixed before training (k-fold CV on the training rows, `cv-main.ts`): the dev split is read
  // once, after training, to report.
  const w = fitNetwork(tr, hp, opts.seed, opts.log);
  const emb = (w.emb as { data: Float32Array }).data;
  const temperature = hp.temperature;
  const shipped: NetworkWeights = { ...w, emb: { kind: 'q8', ...quantize(emb, hp.buckets, hp.dim) }, temperature };
  const dev = prepare(devEx, hp.buckets, lexicon);
  const metrics = metricsBySet(dev, probsFromLogits(predictLogits(shipped, dev), temperature));
  opts.log(`temperature ${temperature.toFixed(3)}; shipped (int8) dev ${fmtMetrics(metrics)}`);

  const meta: ModelMeta = {
    lexiconFeatureNames: lexicon ? [...lexicon.names] : [],
    ...(lexicon ? { lexiconProbe: lexiconFingerprint(lexicon) } : {}),
    seed: opts.seed,
    commit: gitCommit(),
    trainedAt: new Date(now()).toISOString(),
    data: files.map(({ set, file, sha256, rows }) => ({ set, file, sha256, rows })),
    metrics,
    hyper: { ...hp, trainRows: tr.n, devRows: dev.n, added: added.length, phenomenaRows: phenomena.length },
  };
  const durationMs = now() - t0;
  // Kept so the card can be written again when the CV's policy is applied to these weights (`cv-main --apply`).
  meta.hyper.trainingMs = durationMs;
  await saveModel(opts.outDir, shipped, meta);
  await writeModelCard(opts.outDir, meta, {
    temperature,
    durationMs,
    added: added.length,
    probes: runProbes(shipped, lexicon),
  });
  opts.log(`wrote ${opts.outDir} in ${(durationMs / 1000).toFixed(0)}s`);
  return { metrics, bestEpoch: hp.epochs, temperature, durationMs, outDir: opts.outDir };
}

/**
 * The settings `cv-main.ts` chose (epochs, averaging, regularisation, temperature, combination policy), or undefined
 * without a CV file.
 */
async function readCvChoice(file: string): Promise<Partial<Hyper> | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const cv = JSON.parse(raw) as Partial<
    Pick<Hyper, 'epochs' | 'averageFrom' | 'ngramDropout' | 'embDecay' | 'temperature' | 'policy'>
  >;
  return {
    ...(cv.epochs ? { epochs: cv.epochs } : {}),
    ...(cv.averageFrom !== undefined ? { averageFrom: cv.averageFrom } : {}),
    ...(cv.ngramDropout !== undefined ? { ngramDropout: cv.ngramDropout } : {}),
    ...(cv.embDecay !== undefined ? { embDecay: cv.embDecay } : {}),
    ...(cv.temperature ? { temperature: cv.temperature } : {}),
    ...(cv.policy ? { policy: cv.policy } : {}),
  };
}

function fmtMetrics(m: Record<string, SetMetrics>): string {
  return Object.entries(m)
    .map(([s, v]) => `${s} F1 ${v.macroF1.toFixed(3)} R ${v.macroRecall.toFixed(3)}`)
    .join(' | ');
}

/** HEAD, suffixed `-dirty` when the model or lexicon sources differ from it (the card must not overclaim). */
function gitCommit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git('rev-parse', 'HEAD');
    const root = git('rev-parse', '--show-toplevel');
    const dirty = git(
      '-C',
      root,
      'status',
      '--porcelain',
      '--',
      'packages/sentiment-model/src',
      'packages/sentiment/src',
      'packages/sentiment/data',
    );
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}
