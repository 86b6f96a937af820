import { combine, DEFAULT_POLICY, neutralShift, type CombinePolicy, type LexiconView } from './combine.js';
import type { Prepared } from './dataset.js';
import { metricsBySet } from './evaluate.js';
import { fitTemperature, type SetMetrics } from './metrics.js';
import { N_CLASSES } from './network.js';

/** Out-of-fold rows: the prepared training rows and the lexicon's view of each. */
export interface OofRows {
  prepared: Prepared;
  views: LexiconView[];
  /** Each row's language ('sv' | 'en' | 'other'), for the per-language neutral shift. */
  langs: string[];
}

/**
 * The figure every choice maximises: the mean over sets of each set's headline metric (macro-recall for SemEval,
 * the official metric of its TweetEval successor; accuracy for the phenomena cases; macro-F1 elsewhere). Each set counts once, so 40k English tweets
 * do not drown 950 Swedish ones.
 */
export function headline(m: Record<string, SetMetrics>): number {
  // Phenomena cases: accuracy, the figure the issue states for them ("right about 69 % of the time").
  const v = Object.entries(m).map(([s, x]) => (s === 'semeval' ? x.macroRecall : s.startsWith('phenomena') ? x.accuracy : x.macroF1));
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
    if (policy) z[1]! += neutralShift(policy, rows.langs[i]!);
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
const SHIFTS = [-0.6, -0.4, -0.2, 0, 0.2, 0.4];
/** The target for the phenomena cases (accuracy), used as a constraint on the development part. */
export const PHENOMENA_TARGET = 0.9;

/**
 * Grid over the combination policy on out-of-fold predictions. Among settings within `tolerance` of the best
 * headline, the one whose guard fires most often wins: the product asks that the model not overrule explicable
 * lexicon evidence, so a stricter guard is preferred whenever the data cannot tell the settings apart. Labels alone
 * decide the metrics (a polarity-only set resolves a neutral label by the sign of p_pos − p_neg, which a lift of the
 * neutral logit does not change), so each setting is scored from precomputed per-row facts, not a softmax per row.
 */
export function choosePolicy(rows: OofRows, parts: Float32Array, T: number, tolerance = 0.002) {
  const n = rows.prepared.n;
  const base = oofProbs(rows, parts, T, undefined).probs;
  const zs = new Float32Array(n * 3);
  const bagEvidence = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      zs[i * 3 + c] = (parts[i * 9 + c]! + parts[i * 9 + 3 + c]! + parts[i * 9 + 6 + c]!) / T;
      bagEvidence[i * 3 + c] = parts[i * 9 + 6 + c]! / T;
    }
  }
  const probs = new Float32Array(n * 3);
  const labelsUnder = (policy: CombinePolicy): number => {
    let guarded = 0;
    for (let i = 0; i < n; i++) {
      const v = rows.views[i]!;
      const z1 = zs[i * 3 + 1]! + neutralShift(policy, rows.langs[i]!);
      const m = zs[i * 3]! >= z1 && zs[i * 3]! >= zs[i * 3 + 2]! ? 0 : z1 >= zs[i * 3 + 2]! ? 1 : 2;
      const x = v.label === 'negative' ? 0 : v.label === 'neutral' ? 1 : 2;
      let kept = -1;
      let margin = 0;
      if (x !== 1 && m !== x && (v.structural || Math.abs(v.score) >= policy.strong)) {
        kept = x;
        margin = Math.max(v.structural ? policy.ruleMargin : -Infinity, Math.abs(v.score) >= policy.strong ? policy.polarMargin : -Infinity);
      } else if (x === 1 && !v.evidence && m !== 1) {
        kept = 1;
        margin = policy.emptyMargin;
      }
      let label = m;
      if (kept >= 0 && bagEvidence[i * 3 + m]! - bagEvidence[i * 3 + kept]! < margin) {
        label = kept;
        guarded++;
      }
      // One-hot on the label; a neutral label keeps the model's polarity ratio for polarity-only sets.
      const o = i * 3;
      probs[o] = label === 0 ? 1 : label === 1 ? base[o]! * 1e-3 : 0;
      probs[o + 1] = label === 1 ? 0.5 : 0;
      probs[o + 2] = label === 2 ? 1 : label === 1 ? base[o + 2]! * 1e-3 : 0;
    }
    return guarded;
  };
  // The tweet sets' headline is what the policy maximises; the phenomena development cases (when present) are a
  // constraint: the users' phenomena must reach PHENOMENA_TARGET accuracy, and among settings that reach it the
  // tweets decide. Averaging the two kinds of set would let 445 short cases outvote 58,000 tweets (measured: it
  // picked a guard that never lets the model overrule and cost the tweet sets 1–7 points).
  const objective = (m: Record<string, SetMetrics>): number => {
    const tweets = headline(Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith('phenomena'))));
    const ph = Object.entries(m).filter(([k]) => k.startsWith('phenomena')).map(([, v]) => v.accuracy);
    if (ph.length === 0) return tweets;
    const acc = ph.reduce((a, b) => a + b, 0) / ph.length;
    return acc >= PHENOMENA_TARGET ? 1 + tweets : acc;
  };
  const scored: Array<{ policy: CombinePolicy; score: number; guardRate: number }> = [];
  for (const strong of STRONG) {
    for (const polarMargin of strong === NEVER ? [NEVER] : MARGINS) {
      for (const ruleMargin of MARGINS) {
        for (const emptyMargin of MARGINS) {
          const policy = { ...DEFAULT_POLICY, strong, polarMargin, ruleMargin, emptyMargin };
          const guarded = labelsUnder(policy);
          scored.push({ policy, score: objective(metricsBySet(rows.prepared, probs)), guardRate: guarded / n });
        }
      }
    }
  }
  const best = Math.max(...scored.map((s) => s.score));
  const guardPick = scored.filter((s) => s.score >= best - tolerance).reduce((a, b) => (b.guardRate > a.guardRate ? b : a));
  // Then the neutral shifts, per language, with the guard fixed (one language at a time: each moves only its rows).
  let pick = guardPick;
  for (const key of ['neutralShiftSv', 'neutralShiftEn'] as const) {
    for (const shift of SHIFTS) {
      const policy = { ...pick.policy, [key]: shift };
      const guarded = labelsUnder(policy);
      const score = objective(metricsBySet(rows.prepared, probs));
      if (score > pick.score + 1e-9) pick = { policy, score, guardRate: guarded / n };
    }
  }
  const unguarded = metricsBySet(rows.prepared, base);
  const guarded = metricsBySet(rows.prepared, oofProbs(rows, parts, T, pick.policy).probs);
  const bySet = Object.fromEntries(Object.keys(guarded).map((s) => [s, { model: unguarded[s], combined: guarded[s] }]));
  const top = [...scored].sort((a, b) => b.score - a.score).slice(0, 8);
  return { policy: pick.policy, score: pick.score, guardRate: pick.guardRate, unguarded: objective(unguarded), bySet, tolerance, top };
}
