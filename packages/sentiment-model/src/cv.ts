import { combine, DEFAULT_POLICY, type CombinePolicy, type LexiconView } from './combine.js';
import type { Prepared } from './dataset.js';
import { metricsBySet } from './evaluate.js';
import { fitTemperature, type SetMetrics } from './metrics.js';
import { N_CLASSES } from './network.js';

/** Out-of-fold rows: the prepared training rows and the lexicon's view of each. */
export interface OofRows {
  prepared: Prepared;
  views: LexiconView[];
}

/**
 * The figure every choice maximises: the mean over sets of each set's headline metric (macro-recall for SemEval,
 * the official metric of its TweetEval successor; macro-F1 elsewhere). Each set counts once, so 40k English tweets
 * do not drown 950 Swedish ones.
 */
export function headline(m: Record<string, SetMetrics>): number {
  const v = Object.entries(m).map(([s, x]) => (s === 'semeval' ? x.macroRecall : x.macroF1));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
}

const logitsOf = (parts: Float32Array, n: number): Float32Array => {
  const out = new Float32Array(n * N_CLASSES);
  for (let i = 0; i < n; i++) for (let c = 0; c < N_CLASSES; c++) out[i * 3 + c] = parts[i * 9 + c]! + parts[i * 9 + 3 + c]! + parts[i * 9 + 6 + c]!;
  return out;
};

function tempOf(rows: OofRows, logits: Float32Array): number {
  const p = rows.prepared;
  const idx = [...Array(p.n).keys()].filter((i) => !p.polarityOnly[i]);
  const l = new Float32Array(idx.length * 3);
  idx.forEach((i, k) => l.set(logits.subarray(i * 3, i * 3 + 3), k * 3));
  return fitTemperature(Int32Array.from(idx, (i) => p.labels[i]!), l);
}

/** Probabilities of every row under `policy` (undefined: the model's own softmax, no guard). */
export function oofProbs(rows: OofRows, parts: Float32Array, T: number, policy: CombinePolicy | undefined): { probs: Float32Array; guarded: number } {
  const n = rows.prepared.n;
  const probs = new Float32Array(n * 3);
  const z = new Float64Array(3);
  const bag = new Float64Array(3);
  let guarded = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      z[c] = (parts[i * 9 + c]! + parts[i * 9 + 3 + c]! + parts[i * 9 + 6 + c]!) / T;
      bag[c] = parts[i * 9 + 6 + c]! / T;
    }
    if (!policy) {
      const m = Math.max(z[0]!, z[1]!, z[2]!);
      const e = [Math.exp(z[0]! - m), Math.exp(z[1]! - m), Math.exp(z[2]! - m)];
      const s = e[0]! + e[1]! + e[2]!;
      for (let c = 0; c < 3; c++) probs[i * 3 + c] = e[c]! / s;
      continue;
    }
    const r = combine(z, bag, rows.views[i]!, policy);
    if (r.guard) guarded++;
    probs.set(r.p, i * 3);
  }
  return { probs, guarded };
}

/** The epoch count with the best out-of-fold headline (model alone), and the temperature fitted at it. */
export function chooseEpoch(rows: OofRows, parts: Float32Array[]): { epoch: number; temperature: number; table: Array<{ epoch: number; score: number; temperature: number }> } {
  const table = parts.map((pa, e) => {
    const T = tempOf(rows, logitsOf(pa, rows.prepared.n));
    return { epoch: e + 1, temperature: T, score: headline(metricsBySet(rows.prepared, oofProbs(rows, pa, T, undefined).probs)) };
  });
  const best = table.reduce((a, b) => (b.score > a.score ? b : a));
  return { epoch: best.epoch, temperature: best.temperature, table };
}

// 1e9 stands for "never" (JSON has no Infinity): no lexicon score reaches it, no word evidence exceeds it.
const NEVER = 1e9;
const STRONG = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, NEVER];
const MARGINS = [0, 0.5, 1, 1.5, 2, 3, NEVER];

/**
 * Grid over the combination policy on out-of-fold predictions. Among settings within `tolerance` of the best
 * headline, the one whose guard fires most often wins: the product asks that the model not overrule explicable
 * lexicon evidence, so a stricter guard is preferred whenever the data cannot tell the settings apart.
 */
export function choosePolicy(rows: OofRows, parts: Float32Array, T: number, tolerance = 0.002) {
  const scored: Array<{ policy: CombinePolicy; score: number; guardRate: number }> = [];
  for (const strong of STRONG) {
    for (const polarMargin of strong === NEVER ? [NEVER] : MARGINS) {
      for (const ruleMargin of MARGINS) {
        for (const emptyMargin of MARGINS) {
          const policy = { ...DEFAULT_POLICY, strong, polarMargin, ruleMargin, emptyMargin };
          const { probs, guarded } = oofProbs(rows, parts, T, policy);
          scored.push({ policy, score: headline(metricsBySet(rows.prepared, probs)), guardRate: guarded / rows.prepared.n });
        }
      }
    }
  }
  const best = Math.max(...scored.map((s) => s.score));
  const pick = scored.filter((s) => s.score >= best - tolerance).reduce((a, b) => (b.guardRate > a.guardRate ? b : a));
  const unguardedProbs = oofProbs(rows, parts, T, undefined).probs;
  const unguarded = metricsBySet(rows.prepared, unguardedProbs);
  const guarded = metricsBySet(rows.prepared, oofProbs(rows, parts, T, pick.policy).probs);
  const bySet = Object.fromEntries(Object.keys(guarded).map((s) => [s, { model: unguarded[s], combined: guarded[s] }]));
  const top = [...scored].sort((a, b) => b.score - a.score).slice(0, 8);
  return { policy: pick.policy, score: pick.score, guardRate: pick.guardRate, unguarded: headline(unguarded), bySet, tolerance, top };
}
