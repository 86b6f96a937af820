import { analyze } from '@vakt/sentiment/analyze';
import { loadSet, SETS } from './data.js';
import { score } from './metrics.js';
import type { Label, Prediction } from './system.js';

// `pnpm tune` — sweeps Vakt's label thresholds on the TRAIN splits only (never dev) and prints the best pair per
// language by mean macro-F1 over that language's 3-class sets. The chosen values go into THRESHOLDS in
// packages/sentiment/src/analyze.ts by hand. 2-class sets do not depend on the thresholds (see metrics.resolve).
//
// Constraint: one plain sentiment word must decide the label ("bra", "good": raw 1.9 → score 0.44; "inte bra",
// "not good": raw -1.4 → score -0.34), so the sweep stops there. The data alone would push the positive threshold
// higher (emoji-only neutral posts), which would make the engine call "bra" neutral.
const MAX_POS = 0.42;
const MIN_NEG = -0.32;
for (const lang of ['sv', 'en'] as const) {
  const sets = SETS.filter((s) => s.lang === lang && s.classes.length === 3)
    .map((s) => ({ s, rows: loadSet(s, 'train')?.rows ?? [] }))
    .filter((x) => x.rows.length > 0)
    .map(({ s, rows }) => ({
      s,
      gold: rows.map((r) => r.label),
      scores: rows.map((r) => analyze(r.text, { lang }).score),
    }));
  let best = { f: -1, pos: 0, neg: 0 };
  for (let pos = 0.02; pos <= MAX_POS + 1e-9; pos += 0.02) {
    for (let neg = -0.02; neg >= MIN_NEG - 1e-9; neg -= 0.02) {
      let f = 0;
      for (const x of sets) {
        const preds: Prediction[] = x.scores.map((v) => ({
          label: (v >= pos ? 'positive' : v <= neg ? 'negative' : 'neutral') as Label,
          score: v,
        }));
        f += score(x.gold, preds, x.s.classes).macroF1;
      }
      f /= sets.length;
      if (f > best.f) best = { f, pos, neg };
    }
  }
  console.log(
    `${lang}: sets ${sets.map((x) => `${x.s.name}(${x.gold.length})`).join(', ')} → pos ≥ ${best.pos.toFixed(2)}, neg ≤ ${best.neg.toFixed(2)}, mean macro-F1 ${(100 * best.f).toFixed(1)}`,
  );
}
