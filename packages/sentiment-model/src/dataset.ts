import { LABELS, type Example } from './data.js';
import { featurize } from './featurize.js';
import type { LexiconProvider } from './lexicon.js';
import { N_CLASSES } from './network.js';
import type { SparseBatch } from './tf-graph.js';

/** Examples turned into model inputs once, before training: hashed ids, raw lexicon features, label ids. */
export interface Prepared {
  n: number;
  nLex: number;
  ids: Int32Array[];
  /** Raw (unstandardised) lexicon features, `n × nLex`. */
  lex: Float32Array;
  labels: Int32Array;
  polarityOnly: Uint8Array;
  /** Per-example loss weight (set balance × class balance); 1 for evaluation sets. */
  weight: Float32Array;
  sets: string[];
}

/** Featurises examples with the lexicon provider (if any) and the hashed n-gram featuriser. */
export function prepare(examples: Example[], buckets: number, lexicon: LexiconProvider | undefined): Prepared {
  const n = examples.length;
  const nLex = lexicon?.names.length ?? 0;
  const lex = new Float32Array(n * nLex);
  const ids: Int32Array[] = [];
  const scratch: number[] = [];
  examples.forEach((ex, i) => {
    scratch.length = 0;
    ids.push(Int32Array.from(featurize(ex.text, ex.lang, buckets, scratch)));
    if (lexicon) lex.set(lexicon.features(ex.text, ex.lang).features, i * nLex);
  });
  return {
    n,
    nLex,
    ids,
    lex,
    labels: Int32Array.from(examples, (e) => LABELS.indexOf(e.label)),
    polarityOnly: Uint8Array.from(examples, (e) => (e.polarityOnly ? 1 : 0)),
    weight: new Float32Array(n).fill(1),
    sets: examples.map((e) => e.set),
  };
}

/** Mean and standard deviation of each lexicon feature over the training rows (std floored so x/σ stays finite). */
export function lexStats(p: Prepared): { mean: Float32Array; std: Float32Array } {
  const mean = new Float32Array(p.nLex);
  const std = new Float32Array(p.nLex);
  for (let j = 0; j < p.nLex; j++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < p.n; i++) {
      const v = p.lex[i * p.nLex + j]!;
      s += v;
      s2 += v * v;
    }
    const m = p.n ? s / p.n : 0;
    mean[j] = m;
    std[j] = Math.max(1e-3, Math.sqrt(Math.max(0, (p.n ? s2 / p.n : 0) - m * m)));
  }
  return { mean, std };
}

/** Packs examples `idx` into the sparse batch form the tfjs graph takes. */
export function makeBatch(p: Prepared, idx: ArrayLike<number>, mean: Float32Array, std: Float32Array): SparseBatch {
  const size = idx.length;
  const local = new Map<number, number>();
  const uniq: number[] = [];
  for (let b = 0; b < size; b++) {
    for (const r of p.ids[idx[b]!]!) {
      if (!local.has(r)) {
        local.set(r, uniq.length);
        uniq.push(r);
      }
    }
  }
  const offsets = new Int32Array(size + 1);
  for (let b = 0; b < size; b++) offsets[b + 1] = offsets[b]! + p.ids[idx[b]!]!.length;
  const localIdx = new Int32Array(offsets[size]!);
  const inv = new Float32Array(size);
  const lex = new Float32Array(size * p.nLex);
  const labels = new Int32Array(size);
  const logitMask = new Float32Array(size * N_CLASSES);
  const weight = new Float32Array(size);
  for (let b = 0; b < size; b++) {
    const i = idx[b]!;
    const ids = p.ids[i]!;
    inv[b] = ids.length ? 1 / ids.length : 0;
    for (let k = 0; k < ids.length; k++) localIdx[offsets[b]! + k] = local.get(ids[k]!)!;
    for (let j = 0; j < p.nLex; j++) lex[b * p.nLex + j] = (p.lex[i * p.nLex + j]! - mean[j]!) / std[j]!;
    labels[b] = p.labels[i]!;
    if (p.polarityOnly[i]) logitMask[b * N_CLASSES + 1] = -1e9;
    weight[b] = p.weight[i]!;
  }
  return { size, uniqRows: Int32Array.from(uniq), offsets, localIdx, inv, lex, labels, logitMask, weight };
}
