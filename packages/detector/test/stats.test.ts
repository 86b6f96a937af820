import { describe, expect, it } from 'vitest';
import { incompleteBeta, negBinUpperTail, normalQuantile, upperGamma, zFromUpperTail } from '../src/stats.js';

const poissonTail = (k: number, mu: number): number => {
  let cdf = 0;
  let term = Math.exp(-mu);
  for (let i = 0; i < k; i++) {
    cdf += term;
    term *= mu / (i + 1);
  }
  return 1 - cdf;
};

describe('tail probabilities', () => {
  it.each([
    // [x, mu] — with alpha → 0 the NB tail is the Poisson tail (exact sum as reference)
    [3, 1],
    [10, 4],
    [25, 12.5],
    [1, 0.2],
  ])('NB(alpha≈0) tail P(X ≥ %d | mu=%d) equals Poisson', (x, mu) => {
    expect(negBinUpperTail(x, mu, 1e-7)).toBeCloseTo(poissonTail(x, mu), 4);
  });

  it('over-dispersion makes the same excess less surprising', () => {
    // 40 when 20 is expected: rare for Poisson, ordinary for a bursty series (alpha 0.3).
    expect(negBinUpperTail(40, 20, 1e-6)).toBeLessThan(1e-4);
    expect(negBinUpperTail(40, 20, 0.3)).toBeGreaterThan(0.05);
  });

  it('large means use the gamma limit continuously with the exact NB', () => {
    const below = negBinUpperTail(400, 299, 0.05);
    const above = negBinUpperTail(400, 301, 0.05);
    expect(Math.abs(below - above) / below).toBeLessThan(0.5);
  });

  it.each([
    [0.5, 0],
    [0.975, 1.959964],
    [0.001, -3.090232],
  ])('normal quantile Φ⁻¹(%d) = %d', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 4);
  });

  it('z from tiny tails keeps precision', () => {
    expect(zFromUpperTail(1e-20)).toBeGreaterThan(9);
    expect(zFromUpperTail(0.5)).toBeCloseTo(0, 6);
  });

  it('incomplete beta and gamma match closed forms', () => {
    // I_x(1, b) = 1 − (1 − x)^b ; Q(1, x) = e^−x
    expect(incompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 10);
    expect(upperGamma(1, 2.5)).toBeCloseTo(Math.exp(-2.5), 10);
  });
});
