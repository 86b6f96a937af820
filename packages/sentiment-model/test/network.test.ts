import { describe, expect, it } from 'vitest';
import { buildInput, logitsOf, N_CLASSES, quantize, type NetworkWeights } from '../src/network.js';

// The forward pass as first written: every term added into the Float32Array element (rounded to float32 each
// time). The optimised code keeps sums in locals with Math.fround; its outputs must be bit-identical to this.
function referenceForward(w: NetworkWeights, ids: number[], lex: Float32Array): Float32Array {
  const { dim, nLex, hidden: H } = w;
  const x = new Float32Array(dim + nLex);
  if (w.emb.kind !== 'q8') throw new Error('reference expects int8 weights');
  for (const row of ids) for (let d = 0; d < dim; d++) x[d]! += w.emb.data[row * dim + d]! * w.emb.scale[row]!;
  if (ids.length > 0) for (let d = 0; d < dim; d++) x[d]! /= ids.length;
  for (let j = 0; j < nLex; j++) x[dim + j] = (lex[j]! - w.lexMean[j]!) / w.lexStd[j]!;
  const h = new Float32Array(H);
  for (let k = 0; k < H; k++) h[k] = w.b1[k]!;
  for (let i = 0; i < dim + nLex; i++) {
    if (x[i] === 0) continue;
    for (let k = 0; k < H; k++) h[k]! += x[i]! * w.w1[i * H + k]!;
  }
  const out = new Float32Array(N_CLASSES);
  for (let c = 0; c < N_CLASSES; c++) out[c] = w.b2[c]!;
  for (let k = 0; k < H; k++) {
    const hk = h[k]! > 0 ? h[k]! : 0;
    if (hk === 0) continue;
    for (let c = 0; c < N_CLASSES; c++) out[c]! += hk * w.w2[k * N_CLASSES + c]!;
  }
  for (let i = 0; i < dim + nLex; i++) for (let c = 0; c < N_CLASSES; c++) out[c]! += x[i]! * w.wl[i * N_CLASSES + c]!;
  return out;
}

// Small deterministic generator (a test must not depend on Math.random).
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

function randomWeights(dim: number, nLex: number, hidden: number, buckets: number, rnd: () => number): NetworkWeights {
  const f = (n: number, scale = 1) => Float32Array.from({ length: n }, () => rnd() * scale);
  const emb = quantize(f(buckets * dim, 0.5), buckets, dim);
  return {
    buckets,
    dim,
    hidden,
    nLex,
    emb: { kind: 'q8', ...emb },
    lexMean: f(nLex),
    lexStd: Float32Array.from({ length: nLex }, () => 0.5 + Math.abs(rnd())),
    w1: f((dim + nLex) * hidden, 0.3),
    b1: f(hidden, 0.1),
    w2: f(hidden * N_CLASSES, 0.3),
    wl: f((dim + nLex) * N_CLASSES, 0.1),
    b2: f(N_CLASSES, 0.1),
    temperature: 1.5,
  };
}

describe('forward pass', () => {
  // dim 24 is the shipped one; 13 and 5 exercise the groups of eight and the tail loops (hidden 11 too).
  for (const dim of [24, 13, 5]) {
    it(`is bit-identical to summing term by term into float32 (dim ${dim})`, () => {
      const rnd = lcg(dim);
      const w = randomWeights(dim, 7, dim === 5 ? 11 : 16, 1024, rnd);
      const x = new Float32Array(dim + w.nLex);
      const h = new Float32Array(w.hidden);
      const out = new Float32Array(N_CLASSES);
      const distinct = new Set<string>();
      for (let post = 0; post < 300; post++) {
        const ids = Array.from({ length: post % 37 }, () => Math.floor(((rnd() + 1) / 2) * 1024) % 1024);
        const lex = Float32Array.from({ length: w.nLex }, (_, j) => (post % 5 === j ? 0 : rnd() * 3));
        buildInput(w, ids, lex, x);
        logitsOf(w, x, h, out);
        expect(Array.from(out)).toEqual(Array.from(referenceForward(w, ids, lex)));
        distinct.add(Array.from(out).join());
      }
      // the posts give different logits (the comparison is not between constants)
      expect(distinct.size).toBeGreaterThan(250);
    });
  }
});
