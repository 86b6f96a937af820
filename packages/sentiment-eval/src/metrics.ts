import type { Label, Prediction } from './system.js';

/** Accuracy, macro-F1 and macro-averaged recall over the set's gold classes (TweetEval's official metric is the last). */
export interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
  macroRecall: number;
  /** Share of rows the system left neutral on a set without a neutral class (after the score tie-break). */
  abstained: number;
}

/**
 * On a 2-class set a "neutral" answer is resolved by the sign of the system's score; a score of exactly 0 stays
 * neutral and counts as wrong for both classes (the system had no evidence). Same rule for every system.
 */
export function resolve(p: Prediction, classes: readonly Label[]): Label {
  if (classes.includes('neutral') || p.label !== 'neutral') return p.label;
  return p.score > 0 ? 'positive' : p.score < 0 ? 'negative' : 'neutral';
}

export function score(gold: readonly Label[], preds: readonly Prediction[], classes: readonly Label[]): Scores {
  let correct = 0;
  let abstained = 0;
  const tp = new Map<Label, number>();
  const predCount = new Map<Label, number>();
  const goldCount = new Map<Label, number>();
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = resolve(preds[i]!, classes);
    if (!classes.includes(p)) abstained++;
    goldCount.set(g, (goldCount.get(g) ?? 0) + 1);
    predCount.set(p, (predCount.get(p) ?? 0) + 1);
    if (p === g) {
      correct++;
      tp.set(g, (tp.get(g) ?? 0) + 1);
    }
  }
  let f1 = 0;
  let recall = 0;
  for (const c of classes) {
    const t = tp.get(c) ?? 0;
    const prec = t === 0 ? 0 : t / (predCount.get(c) ?? 1);
    const rec = t === 0 ? 0 : t / (goldCount.get(c) ?? 1);
    f1 += prec + rec === 0 ? 0 : (2 * prec * rec) / (prec + rec);
    recall += rec;
  }
  const n = gold.length;
  return {
    n,
    accuracy: n ? correct / n : 0,
    macroF1: f1 / classes.length,
    macroRecall: recall / classes.length,
    abstained: n ? abstained / n : 0,
  };
}
