import { describe, expect, it } from 'vitest';
import { applyStructuralPrior } from '../src/engine.js';

const analysis = (label: string, score: number, rules: string[]) => ({ label, score, tokens: [{ rules }] });

describe('applyStructuralPrior', () => {
  it.each([
    // "fruktansvärt trevligt": the lexicon is sure (intensifier-with-negative-word), the model hesitates → positive
    ['intensifier with negative word', analysis('positive', 0.57, ['intensifier-with-negative-word "fruktansvärt"']), [0.29, 0.42, 0.29], 2],
    // "inte otrevligt": double negation moves an unsure model to positive
    ['double negation', analysis('positive', 0.5, ['double negation']), [0.35, 0.4, 0.25], 2],
    // a confident model keeps its own verdict
    ['confident model', analysis('positive', 0.6, ['double negation']), [0.7, 0.2, 0.1], 0],
    // no structural rule: the lexicon's plain word counts do not override the model
    ['no structural rule', analysis('positive', 0.8, ['exclamation']), [0.3, 0.45, 0.25], 1],
    // a weak lexicon verdict does not override either
    ['weak lexicon', analysis('positive', 0.2, ['double negation']), [0.3, 0.45, 0.25], 1],
  ])('%s', (_n, a, probs, expectedArgmax) => {
    const p = Float32Array.from(probs);
    applyStructuralPrior(a, p);
    expect(p.indexOf(Math.max(...p))).toBe(expectedArgmax);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 5);
  });
});
