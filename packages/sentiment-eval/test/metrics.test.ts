import { describe, expect, it } from 'vitest';
import { majority } from '../src/eval.js';
import { resolve, score } from '../src/metrics.js';
import type { Label, Prediction } from '../src/system.js';

const p = (label: Label, s = 0): Prediction => ({ label, score: s });

describe('metrics', () => {
  // hand-computed: gold n,n,p,p; pred n,p,p,p → acc 0.75; F1(neg)=2/3, F1(pos)=0.8 over 2 classes
  it('computes accuracy, macro-F1 and macro recall', () => {
    const s = score(
      ['negative', 'negative', 'positive', 'positive'],
      [p('negative'), p('positive'), p('positive'), p('positive')],
      ['negative', 'positive'],
    );
    expect(s.accuracy).toBe(0.75);
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
    expect(s.macroRecall).toBeCloseTo((0.5 + 1) / 2, 10);
  });
  // 2-class sets: neutral answers fall back to the score's sign; a zero score stays an abstention (wrong)
  it('resolves neutral on 2-class sets by score sign', () => {
    expect(resolve(p('neutral', 0.1), ['negative', 'positive'])).toBe('positive');
    expect(resolve(p('neutral', -0.1), ['negative', 'positive'])).toBe('negative');
    expect(resolve(p('neutral', 0), ['negative', 'positive'])).toBe('neutral');
    expect(resolve(p('neutral', 0.9), ['negative', 'neutral', 'positive'])).toBe('neutral');
    const s = score(['negative', 'positive'], [p('neutral', 0), p('neutral', 0)], ['negative', 'positive']);
    expect(s.accuracy).toBe(0);
    expect(s.abstained).toBe(1);
  });
  // a class never predicted contributes F1 0: always-majority gets half of the best macro-F1 at most
  it('punishes the majority baseline in macro-F1', () => {
    const gold: Label[] = ['neutral', 'neutral', 'neutral', 'positive'];
    const s = score(
      gold,
      gold.map(() => p('neutral')),
      ['negative', 'neutral', 'positive'],
    );
    expect(s.accuracy).toBe(0.75);
    expect(s.macroF1).toBeCloseTo((2 * 0.75) / 1.75 / 3, 10);
  });
  it('majority uses the train split', () => {
    expect(majority(['positive', 'positive', 'negative'], ['negative']).label).toBe('positive');
    expect(majority([], ['negative']).label).toBe('negative');
  });
});
