import { describe, expect, it } from 'vitest';
import { ece, fitTemperature, setMetrics } from '../src/metrics.js';
import { rng } from '../src/optim.js';
import { softmaxT } from '../src/network.js';

describe('metrics', () => {
  it('computes accuracy, macro-F1 and macro-recall over the classes present in gold', () => {
    // gold: neg, neg, pos, pos; predicted: neg, pos, pos, pos
    const probs = Float32Array.from([0.9, 0, 0.1, 0.2, 0, 0.8, 0.1, 0, 0.9, 0.3, 0, 0.7]);
    const m = setMetrics([0, 0, 2, 2], probs);
    expect(m.accuracy).toBe(0.75);
    expect(m.macroRecall).toBeCloseTo((0.5 + 1) / 2, 6);
    // F1 neg = 2·1·0.5/1.5 = 0.667; F1 pos = 2·(2/3)·1/(5/3) = 0.8
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 6);
  });

  it('ECE is 0 for confident correct answers and large for confident wrong ones', () => {
    expect(ece([0, 2], Float32Array.from([1, 0, 0, 0, 0, 1]))).toBe(0);
    expect(ece([2, 0], Float32Array.from([0.95, 0.05, 0, 0, 0.05, 0.95]))).toBeCloseTo(0.95, 6);
  });

  it('temperature scaling recovers the temperature that generated the labels', () => {
    const rand = rng(1);
    const n = 20000;
    const logits = new Float32Array(n * 3);
    const gold = new Int32Array(n);
    const p = new Float32Array(3);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) logits[i * 3 + c] = (rand() - 0.5) * 8;
      softmaxT(logits.subarray(i * 3, i * 3 + 3), 2.5, p);
      const u = rand();
      gold[i] = u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2;
    }
    expect(fitTemperature(gold, logits)).toBeGreaterThan(2.2);
    expect(fitTemperature(gold, logits)).toBeLessThan(2.8);
  }, 60_000); // a few seconds of CPU: generous on a shared machine
});
