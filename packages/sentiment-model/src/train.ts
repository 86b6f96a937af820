import { execFileSync } from 'node:child_process';
import { loadCorpus, loadExtra, type Example, type LoadedFile } from './data.js';
import { lexStats, makeBatch, prepare, type Prepared } from './dataset.js';
import { metricsBySet, predictLogits, probsFromLogits, selectionScore } from './evaluate.js';
import { lexiconFingerprint, vaktLexicon, type LexiconProvider } from './lexicon.js';
import { fitTemperature, type SetMetrics } from './metrics.js';
import { writeModelCard } from './model-card.js';
import { saveModel, type ModelMeta } from './model-io.js';
import { N_CLASSES, quantize, type NetworkWeights } from './network.js';
import { DenseAdam, gauss, rng, shuffle, SparseAdam } from './optim.js';
import { runProbes } from './probes.js';
import { initTf, lossAndGrads, type DenseParams } from './tf-graph.js';

/** Hyper-parameters. The defaults are the shipped model's; each was chosen on the dev splits (see MODEL_CARD.md). */
export interface Hyper {
  buckets: number;
  dim: number;
  hidden: number;
  epochs: number;
  batch: number;
  lr: number;
  embLr: number;
  dropout: number;
  /** Share of training examples whose whole n-gram bag is dropped (see `lossAndGrads`). */
  bagDropout: number;
  l2: number;
  /** Loss weight per training set (sets absent here weigh 1). */
  setWeights: Record<string, number>;
  /** Class-balance exponent: each class in a set weighs (n / (k · n_class))^α. 0 = none, 1 = fully balanced. */
  classBalance: number;
  /** Loss weight of `--add` examples relative to a base example (they are in-domain for the deployment). */
  addedWeight: number;
}

export const DEFAULT_HYPER: Hyper = {
  buckets: 1 << 18,
  dim: 24,
  hidden: 32,
  epochs: 4,
  batch: 64,
  lr: 2e-3,
  embLr: 2e-3,
  dropout: 0.2,
  bagDropout: 0.3,
  l2: 1e-5,
  setWeights: { semeval: 1, 'mozetic-en': 0.5, 'mozetic-sv': 2, 'swe-sentiment': 5, 'absabank-imm': 0.7 },
  classBalance: 0.5,
  addedWeight: 3,
};

/** Options of `train()`; `vakt train` maps its flags onto these. */
export interface TrainOptions {
  /** Folder laid out like `../shared/data/sentiment/`. */
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
 * (tfjs gradients) with dev-based epoch selection → temperature scaling on SemEval dev → int8 quantisation →
 * metrics of the quantised weights → `manifest.json` + `weights.bin` + `MODEL_CARD.md` in `outDir`.
 */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const hp: Hyper = { ...DEFAULT_HYPER, ...opts.hyper, setWeights: { ...DEFAULT_HYPER.setWeights, ...opts.hyper?.setWeights } };
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
  const trainEx = [...corpus.examples.filter((e) => e.split === 'train' && e.set !== 'tweeteval'), ...added];
  const devEx = corpus.examples.filter((e) => e.split === 'dev');
  opts.log(`data: ${trainEx.length} train (${added.length} added), ${devEx.length} dev from ${files.length} files`);

  const tr = prepare(trainEx, hp.buckets, lexicon);
  const dev = prepare(devEx, hp.buckets, lexicon);
  setLossWeights(tr, hp);
  opts.log(`featurised in ${((now() - t0) / 1000).toFixed(1)}s; ${tr.nLex} lexicon features`);

  const rand = rng(opts.seed);
  const w = initWeights(hp, tr, rand);
  const emb = (w.emb as { data: Float32Array }).data;
  const dense: DenseParams = { w1: w.w1, b1: w.b1, w2: w.w2, wl: w.wl, b2: w.b2 };
  const adamCfg = { lr: hp.lr, beta1: 0.9, beta2: 0.999, eps: 1e-7 };
  const embOpt = new SparseAdam(emb, hp.dim, { ...adamCfg, lr: hp.embLr });
  const denseOpt = Object.fromEntries(Object.entries(dense).map(([k, v]) => [k, new DenseAdam(v, adamCfg)])) as Record<keyof DenseParams, DenseAdam>;

  let best = { score: -1, epoch: 0, emb: emb.slice(), dense: cloneDense(dense) };
  const order = Int32Array.from({ length: tr.n }, (_, i) => i);
  let step = 0;
  for (let epoch = 1; epoch <= hp.epochs; epoch++) {
    shuffle(order, rand);
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < tr.n; s += hp.batch) {
      const b = makeBatch(tr, order.subarray(s, Math.min(tr.n, s + hp.batch)), w.lexMean, w.lexStd);
      const esub = new Float32Array(b.uniqRows.length * hp.dim);
      b.uniqRows.forEach((r, i) => esub.set(emb.subarray(r * hp.dim, (r + 1) * hp.dim), i * hp.dim));
      const { loss, gEsub, gDense } = lossAndGrads(w, b, esub, dense, { rate: hp.dropout, bagRate: hp.bagDropout, seed: (opts.seed * 1_000_003 + step) >>> 0 }, hp.l2);
      embOpt.step(b.uniqRows, gEsub);
      for (const k of Object.keys(dense) as Array<keyof DenseParams>) denseOpt[k].step(gDense[k]);
      lossSum += loss;
      batches++;
      step++;
    }
    const m = metricsBySet(dev, probsFromLogits(predictLogits(w, dev), 1));
    const score = selectionScore(m);
    opts.log(`epoch ${epoch}/${hp.epochs} loss ${(lossSum / batches).toFixed(4)} dev ${fmtMetrics(m)} select ${score.toFixed(4)} (${((now() - t0) / 1000).toFixed(0)}s)`);
    if (score > best.score) best = { score, epoch, emb: emb.slice(), dense: cloneDense(dense) };
  }

  emb.set(best.emb);
  Object.assign(w, best.dense);
  // Calibrate on SemEval dev only, so the ECE reported for the other dev sets is not measured on fitting data.
  const calRows = dev.sets.map((s, i) => (s === 'semeval' ? i : -1)).filter((i) => i >= 0);
  const logits = predictLogits(w, dev);
  const calLogits = new Float32Array(calRows.length * N_CLASSES);
  calRows.forEach((i, k) => calLogits.set(logits.subarray(i * N_CLASSES, (i + 1) * N_CLASSES), k * N_CLASSES));
  const temperature = calRows.length ? fitTemperature(Int32Array.from(calRows, (i) => dev.labels[i]!), calLogits) : 1;

  const shipped: NetworkWeights = { ...w, emb: { kind: 'q8', ...quantize(emb, hp.buckets, hp.dim) }, temperature };
  const metrics = metricsBySet(dev, probsFromLogits(predictLogits(shipped, dev), temperature));
  opts.log(`best epoch ${best.epoch}; temperature ${temperature.toFixed(3)}; shipped (int8) dev ${fmtMetrics(metrics)}`);

  const meta: ModelMeta = {
    lexiconFeatureNames: lexicon ? [...lexicon.names] : [],
    ...(lexicon ? { lexiconProbe: lexiconFingerprint(lexicon) } : {}),
    seed: opts.seed,
    commit: gitCommit(),
    trainedAt: new Date(now()).toISOString(),
    data: files.map(({ set, file, sha256, rows }) => ({ set, file, sha256, rows })),
    metrics,
    hyper: { ...hp, bestEpoch: best.epoch, trainRows: tr.n, devRows: dev.n },
  };
  await saveModel(opts.outDir, shipped, meta);
  const durationMs = now() - t0;
  await writeModelCard(opts.outDir, meta, { temperature, durationMs, added: added.length, probes: runProbes(shipped, lexicon) });
  opts.log(`wrote ${opts.outDir} in ${(durationMs / 1000).toFixed(0)}s`);
  return { metrics, bestEpoch: best.epoch, temperature, durationMs, outDir: opts.outDir };
}

/** Weights each training example by its set's weight and a softened inverse class frequency within the set. */
function setLossWeights(p: Prepared, hp: Hyper): void {
  const counts = new Map<string, number[]>();
  p.sets.forEach((s, i) => {
    const c = counts.get(s) ?? [0, 0, 0];
    c[p.labels[i]!]!++;
    counts.set(s, c);
  });
  p.sets.forEach((s, i) => {
    const c = counts.get(s)!;
    const present = c.filter((x) => x > 0).length;
    const total = c.reduce((a, b) => a + b, 0);
    const cls = (total / (present * c[p.labels[i]!]!)) ** hp.classBalance;
    const sw = s === 'added' ? hp.addedWeight : (hp.setWeights[s] ?? 1);
    p.weight[i] = sw * cls;
  });
}

function initWeights(hp: Hyper, tr: Prepared, rand: () => number): NetworkWeights {
  const nIn = hp.dim + tr.nLex;
  const normal = (n: number, sd: number) => Float32Array.from({ length: n }, () => gauss(rand) * sd);
  const { mean, std } = lexStats(tr);
  return {
    buckets: hp.buckets,
    dim: hp.dim,
    hidden: hp.hidden,
    nLex: tr.nLex,
    emb: { kind: 'f32', data: normal(hp.buckets * hp.dim, 0.1) },
    lexMean: mean,
    lexStd: std,
    w1: normal(nIn * hp.hidden, Math.sqrt(2 / nIn)),
    b1: new Float32Array(hp.hidden),
    w2: normal(hp.hidden * N_CLASSES, Math.sqrt(1 / hp.hidden)),
    wl: new Float32Array(nIn * N_CLASSES),
    b2: new Float32Array(N_CLASSES),
    temperature: 1,
  };
}

function cloneDense(d: DenseParams): DenseParams {
  return { w1: d.w1.slice(), b1: d.b1.slice(), w2: d.w2.slice(), wl: d.wl.slice(), b2: d.b2.slice() };
}

function fmtMetrics(m: Record<string, SetMetrics>): string {
  return Object.entries(m).map(([s, v]) => `${s} F1 ${v.macroF1.toFixed(3)} R ${v.macroRecall.toFixed(3)}`).join(' | ');
}

/** HEAD, suffixed `-dirty` when the model or lexicon sources differ from it (the card must not overclaim). */
function gitCommit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git('rev-parse', 'HEAD');
    const root = git('rev-parse', '--show-toplevel');
    const dirty = git('-C', root, 'status', '--porcelain', '--', 'packages/sentiment-model/src', 'packages/sentiment/src', 'packages/sentiment/data');
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}
