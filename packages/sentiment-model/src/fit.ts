import { lexStats, makeBatch, type Prepared } from './dataset.js';
import { N_CLASSES, type NetworkWeights } from './network.js';
import { DenseAdam, gauss, rng, RowDecay, shuffle, SparseAdam, TailAverage } from './optim.js';
import { lossAndGrads, type DenseParams } from './tf-graph.js';
import type { Hyper } from './train.js';

/**
 * Fits the network on prepared rows for `hp.epochs` epochs and returns the float weights: the last iterate, or with
 * `hp.averageFrom = a` the uniform average of every iterate from the start of epoch a to the end (`TailAverage`).
 * No held-out data is read here: the number of epochs and the averaging are settings chosen by cross-validation on
 * the training rows (`cv-main.ts`), never by looking at the dev split. `onEpoch` sees the weights after each epoch
 * and, through `averaged(a)`, the average since the start of epoch a for each a in `averageStarts` (the CV scores
 * its held-out fold on all of them in one run); it must not keep them, they change in place.
 */
export function fitNetwork(
  tr: Prepared,
  hp: Hyper,
  seed: number,
  log: (line: string) => void,
  onEpoch?: (epoch: number, w: NetworkWeights, loss: number, averaged: (from: number) => NetworkWeights) => void,
  averageStarts: readonly number[] = [],
): NetworkWeights {
  const rand = rng(seed);
  const w = initWeights(hp, tr, rand);
  const emb = (w.emb as { data: Float32Array }).data;
  const dense: DenseParams = { w1: w.w1, b1: w.b1, w2: w.w2, wl: w.wl, b2: w.b2 };
  const adamCfg = { lr: hp.lr, beta1: 0.9, beta2: 0.999, eps: 1e-7 };
  // Weight decay of the embedding rows (`RowDecay`), decoupled from Adam as in AdamW; off at 0.
  const decay = hp.embDecay > 0 ? new RowDecay(hp.buckets, 1 - hp.embLr * hp.embDecay) : undefined;
  const embOpt = new SparseAdam(emb, hp.dim, { ...adamCfg, lr: hp.embLr }, decay);
  const denseOpt = Object.fromEntries(Object.entries(dense).map(([k, v]) => [k, new DenseAdam(v, adamCfg)])) as Record<
    keyof DenseParams,
    DenseAdam
  >;
  const denseKeys = Object.keys(dense) as Array<keyof DenseParams>;
  const starts = new Set(averageStarts.filter((a) => a >= 1 && a <= hp.epochs));
  if (hp.averageFrom > 0) {
    if (!Number.isInteger(hp.averageFrom) || hp.averageFrom > hp.epochs)
      throw new Error(`averageFrom ${hp.averageFrom}: expected an epoch in 1–${hp.epochs}, or 0 for the last weights`);
    starts.add(hp.averageFrom);
  }
  const averages = new Map<number, TailAverage>();
  let scratch: NetworkWeights | undefined;
  const averaged = (from: number): NetworkWeights => {
    const avg = averages.get(from);
    if (!avg) throw new Error(`no average kept from epoch ${from}`);
    scratch ??= emptyLike(w);
    avg.meanInto(
      step,
      (scratch.emb as { data: Float32Array }).data,
      denseKeys.map((k) => scratch![k]),
    );
    return scratch;
  };
  const order = Int32Array.from({ length: tr.n }, (_, i) => i);
  let step = 0;
  for (let epoch = 1; epoch <= hp.epochs; epoch++) {
    if (starts.has(epoch))
      averages.set(
        epoch,
        new TailAverage(
          emb,
          hp.dim,
          denseKeys.map((k) => dense[k]),
          step,
          decay,
        ),
      );
    shuffle(order, rand);
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < tr.n; s += hp.batch) {
      const b = makeBatch(tr, order.subarray(s, Math.min(tr.n, s + hp.batch)), w.lexMean, w.lexStd);
      const esub = new Float32Array(b.uniqRows.length * hp.dim);
      b.uniqRows.forEach((r, i) => esub.set(emb.subarray(r * hp.dim, (r + 1) * hp.dim), i * hp.dim));
      const { loss, gEsub, gDense } = lossAndGrads(
        w,
        b,
        esub,
        dense,
        {
          rate: hp.dropout,
          bagRate: hp.bagDropout,
          ngramRate: hp.ngramDropout,
          seed: (seed * 1_000_003 + step) >>> 0,
        },
        hp.l2,
      );
      step++;
      for (const avg of averages.values()) avg.beforeRowUpdate(b.uniqRows, step);
      embOpt.step(b.uniqRows, gEsub);
      for (const k of denseKeys) denseOpt[k].step(gDense[k]);
      for (const avg of averages.values()) avg.afterStep();
      lossSum += loss;
      batches++;
    }
    // The weights as they are after this step: rows no batch touched lately still owe their decay.
    decay?.flush(emb, hp.dim, step);
    log(`epoch ${epoch}/${hp.epochs} loss ${(lossSum / batches).toFixed(4)}`);
    onEpoch?.(epoch, w, lossSum / batches, averaged);
  }
  if (hp.averageFrom > 0) {
    const out = emptyLike(w);
    averages.get(hp.averageFrom)!.meanInto(
      step,
      (out.emb as { data: Float32Array }).data,
      denseKeys.map((k) => out[k]),
    );
    return out;
  }
  return w;
}

/** Weights of the same shape as `w` with fresh (zero) trainable arrays; the lexicon standardisation is shared. */
function emptyLike(w: NetworkWeights): NetworkWeights {
  const z = (a: Float32Array) => new Float32Array(a.length);
  return {
    ...w,
    emb: { kind: 'f32', data: z((w.emb as { data: Float32Array }).data) },
    w1: z(w.w1),
    b1: z(w.b1),
    w2: z(w.w2),
    wl: z(w.wl),
    b2: z(w.b2),
  };
}

/** Weights each training example by its set's weight and a softened inverse class frequency within the set. */
export function setLossWeights(p: Prepared, hp: Hyper): void {
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

/** Rows of `p` picked by `idx`, as their own Prepared (shares the id arrays; copies the lexicon rows). */
export function subset(p: Prepared, idx: ArrayLike<number>): Prepared {
  const n = idx.length;
  const lex = new Float32Array(n * p.nLex);
  const ids: Int32Array[] = [];
  const labels = new Int32Array(n);
  const polarityOnly = new Uint8Array(n);
  const weight = new Float32Array(n);
  const sets: string[] = [];
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    ids.push(p.ids[i]!);
    lex.set(p.lex.subarray(i * p.nLex, (i + 1) * p.nLex), k * p.nLex);
    labels[k] = p.labels[i]!;
    polarityOnly[k] = p.polarityOnly[i]!;
    weight[k] = p.weight[i]!;
    sets.push(p.sets[i]!);
  }
  return { n, nLex: p.nLex, ids, lex, labels, polarityOnly, weight, sets };
}
