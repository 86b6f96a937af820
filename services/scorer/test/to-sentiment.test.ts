import { describe, expect, it } from 'vitest';
import { toSentiment } from '../src/engine.js';

describe('toSentiment', () => {
  it('keeps only tokens that mattered as highlight spans and fills probabilities for lexicon-only results', () => {
    const s = toSentiment({
      label: 'negative',
      score: -0.6,
      confidence: 0.8,
      lang: 'sv',
      tokens: [
        { start: 0, end: 3, contribution: 0, rules: [] },
        { start: 4, end: 8, contribution: 0, rules: ['negator'] },
        { start: 9, end: 14, contribution: -1.23456, rules: ['negated by "inte"'] },
      ],
    });
    expect(s.explanation).toEqual([
      { start: 4, end: 8, contribution: 0, rules: ['negator'] },
      { start: 9, end: 14, contribution: -1.235, rules: ['negated by "inte"'] },
    ]);
    expect(s.p_neg).toBeCloseTo(0.8);
    expect(s.p_pos + s.p_neu).toBeCloseTo(0.2);
    expect(s.model).toBe('lexicon-only');
  });
});
