import { N_CLASSES, softmaxT } from './network.js';

/** Per-set classification figures. Macro averages run over the classes present in the gold labels. */
export interface SetMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  macroRecall: number;
  /** Expected calibration error of the top-class probability, 10 equal-width bins. */
  ece: number;
}

/** Computes accuracy, macro-F1, macro-recall and ECE from gold labels and predicted probabilities (n × 3). */
export function setMetrics(gold: ArrayLike<number>, probs: Float32Array): SetMetrics {
  const n = gold.length;
  const tp = new Array<number>(N_CLASSES).fill(0);
  const predCount = new Array<number>(N_CLASSES).fill(0);
  const goldCount = new Array<number>(N_CLASSES).fill(0);
  let correct = 0;
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < N_CLASSES; c++) if (probs[i * N_CLASSES + c]! > probs[i * N_CLASSES + best]!) best = c;
    pred[i] = best;
    predCount[best]!++;
    goldCount[gold[i]!]!++;
    if (best === gold[i]) {
      tp[best]!++;
      correct++;
    }
  }
  let f1 = 0;
  let rec = 0;
  let k = 0;
  for (let c = 0; c < N_CLASSES; c++) {
    if (goldCount[c] === 0) continue;
    k++;
    const r = tp[c]! / goldCount[c]!;
    const p = predCount[c]! > 0 ? tp[c]! / predCount[c]! : 0;
    rec += r;
    f1 += p + r > 0 ? (2 * p * r) / (p + r) : 0;
  }
  return {
    n,
    accuracy: n ? correct / n : 0,
    macroF1: k ? f1 / k : 0,
    macroRecall: k ? rec / k : 0,
    ece: ece(gold, probs),
  };
}

/** Expected calibration error (Guo et al. 2017): |accuracy − confidence| averaged over 10 confidence bins. */
export function ece(gold: ArrayLike<number>, probs: Float32Array, bins = 10): number {
  const n = gold.length;
  const conf = new Float64Array(bins);
  const acc = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < N_CLASSES; c++) if (probs[i * N_CLASSES + c]! > probs[i * N_CLASSES + best]!) best = c;
    const p = probs[i * N_CLASSES + best]!;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    conf[b]! += p;
    acc[b]! += best === gold[i] ? 1 : 0;
    cnt[b]!++;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (cnt[b]! > 0) e += Math.abs(acc[b]! - conf[b]!);
  return n ? e / n : 0;
}

/**
 * Temperature scaling (Guo et al. 2017): the single T > 0 minimising dev negative log-likelihood of
 * softmax(logits / T). One parameter cannot change any argmax, so it calibrates without moving accuracy.
 * Golden-section search on log T: the NLL is unimodal in T.
 */
export function fitTemperature(gold: ArrayLike<number>, logits: Float32Array): number {
  const p = new Float32Array(N_CLASSES);
  const nll = (t: number): number => {
    let s = 0;
    for (let i = 0; i < gold.length; i++) {
      softmaxT(logits.subarray(i * N_CLASSES, (i + 1) * N_CLASSES), t, p);
      s -= Math.log(Math.max(1e-12, p[gold[i]!]!));
    }
    return s;
  };
  let a = Math.log(0.05);
  let b = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (nll(Math.exp(c)) < nll(Math.exp(d))) b = d;
    else a = c;
  }
  return Math.exp((a + b) / 2);
}
