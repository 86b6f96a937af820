import { describe, expect, it } from 'vitest';
import { MIN_VISIBLE_PUSH, spanClass } from '../src/highlight.js';

// One verdict, one explanation: the colour of a highlighted word follows its push on the final verdict, never the lexicon's rule alone.
describe('spanClass', () => {
  it.each([
    // pushed toward negative: red, whatever rule fired on it
    [-0.8, [], 'hl minus'],
    [-0.8, ['negated by "inte"'], 'hl minus negation'],
    // "Tack" read as sarcasm by the lexicon but pushed the final verdict toward positive: green, not red
    [0.45, ['sarcasm: thanks for a bad event'], 'hl plus'],
    // an intensifier that made the verdict more negative stays red, with the intensifier's underline
    [-0.3, ['boosted by "Väldigt"'], 'hl minus intens'],
    // contrast marks underline the span; the colour still comes from the push
    [0.2, ['after contrast "men"'], 'hl plus contrast'],
    // a push too small to matter is context: neither red nor green
    [MIN_VISIBLE_PUSH / 2, [], 'hl zero'],
    [-MIN_VISIBLE_PUSH / 2, ['negated by "not"'], 'hl zero negation'],
  ])('push %f with rules %j → %s', (push, rules, want) => {
    expect(spanClass(push, rules)).toBe(want);
  });

  it('never colours a span red unless its push is negative', () => {
    for (let x = -2; x <= 2; x += 0.01) {
      const cls = spanClass(x, ['negation', 'contrast', 'intens']);
      if (cls.includes('minus')) expect(x).toBeLessThan(0);
      if (cls.includes('plus')) expect(x).toBeGreaterThan(0);
    }
  });
});
