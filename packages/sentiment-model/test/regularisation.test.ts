import { describe, expect, it } from 'vitest';
import { rng, RowDecay, SparseAdam, TailAverage } from '../src/optim.js';
import { initTf, lossAndGrads, type SparseBatch } from '../src/tf-graph.js';

const cfg = { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-7 };

describe('RowDecay (lazy decoupled weight decay of the embedding rows)', () => {
  it('gives the iterates of decaying every row at every step, though a step only reads the rows it touches', () => {
    const [rows, dim, steps, start, q] = [6, 2, 15, 5, 0.9];
    const rand = rng(3);
    const init = Float32Array.from({ length: rows * dim }, () => rand() - 0.5);
    const touches = Array.from({ length: steps }, () =>
      Int32Array.from([...Array(rows).keys()].filter(() => rand() < 0.3)),
    );
    const grads = touches.map((t) => Float32Array.from({ length: t.length * dim }, () => rand() - 0.5));
    // 1. Eager reference: every row shrinks by q, then Adam moves the touched rows.
    const eager = init.slice();
    const eagerOpt = new SparseAdam(eager, dim, cfg);
    const iterates: Float32Array[] = [];
    // 2. Lazy: the shrink is owed until a row is touched, and the average sums the owed geometric tail.
    const lazy = init.slice();
    const decay = new RowDecay(rows, q);
    const lazyOpt = new SparseAdam(lazy, dim, cfg, decay);
    let avg: TailAverage | undefined;
    for (let k = 1; k <= steps; k++) {
      for (let j = 0; j < eager.length; j++) eager[j]! *= q;
      eagerOpt.step(touches[k - 1]!, grads[k - 1]!);
      iterates.push(eager.slice());
      if (k - 1 === start) avg = new TailAverage(lazy, dim, [], start, decay);
      avg?.beforeRowUpdate(touches[k - 1]!, k);
      lazyOpt.step(touches[k - 1]!, grads[k - 1]!);
      avg?.afterStep();
      // 3. A flush in the middle (as at an epoch's end) must not disturb the average.
      if (k === 9) decay.flush(lazy, dim, k);
    }
    const mean = new Float32Array(rows * dim);
    avg!.meanInto(steps, mean, []);
    decay.flush(lazy, dim, steps);
    lazy.forEach((v, j) => expect(v).toBeCloseTo(eager[j]!, 5));
    const tail = iterates.slice(start);
    mean.forEach((v, j) => expect(v).toBeCloseTo(tail.reduce((s, it) => s + it[j]!, 0) / tail.length, 5));
    // A row touched at most once still shrank: the decay reaches rows the batches leave alone.
    expect(Math.abs(lazy[0]!)).toBeLessThan(Math.abs(init[0]!));
  });
});

describe('n-gram dropout', () => {
  // Two posts, one embedding dimension: post 0 has ids 0..99 (value 1 each), post 1 has id 100 (value 5).
  const batch: SparseBatch = {
    size: 2,
    uniqRows: Int32Array.from({ length: 101 }, (_, i) => i),
    offsets: Int32Array.from([0, 100, 101]),
    localIdx: Int32Array.from({ length: 101 }, (_, i) => i),
    inv: Float32Array.from([1 / 100, 1]),
    lex: new Float32Array(0),
    labels: Int32Array.from([0, 2]),
    logitMask: new Float32Array(6),
    weight: Float32Array.from([1, 1]),
  };
  const esub = Float32Array.from({ length: 101 }, (_, i) => (i < 100 ? 1 : 5));
  const dense = {
    w1: Float32Array.from([1]),
    b1: new Float32Array(1),
    w2: new Float32Array(3),
    wl: Float32Array.from([0, 0, 1]),
    b2: new Float32Array(3),
  };
  const grads = async (ngramRate: number) => {
    await initTf();
    return lossAndGrads({ dim: 1, hidden: 1, nLex: 0 }, batch, esub, dense, { rate: 0, seed: 7, ngramRate }, 0).gEsub;
  };

  it('leaves some ids of a post out of its bag and averages the rest (mean of the kept ids)', async () => {
    const off = await grads(0);
    const on = await grads(0.5);
    const kept = [...on.subarray(0, 100)].filter((g) => g !== 0);
    // About half the ids receive no gradient; those kept share 1/kept each instead of 1/100.
    expect(off.subarray(0, 100).every((g) => g !== 0)).toBe(true);
    expect(kept.length).toBeGreaterThan(30);
    expect(kept.length).toBeLessThan(70);
    expect(kept[0]! / off[0]!).toBeCloseTo(100 / kept.length, 3);
  });
});
