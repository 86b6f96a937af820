import { describe, expect, it } from 'vitest';
import { beatsBaseline, cvRecipes } from '../src/cv.js';
import { rng, TailAverage } from '../src/optim.js';

// A random sparse trajectory: each step changes a random subset of rows (about 30 %) and every dense value.
function trajectory(steps: number, rows: number, dim: number, seed: number) {
  const rand = rng(seed);
  const table = Float32Array.from({ length: rows * dim }, () => rand());
  const dense = Float32Array.from({ length: 5 }, () => rand());
  const updates: Int32Array[] = [];
  for (let k = 1; k <= steps; k++) updates.push(Int32Array.from([...Array(rows).keys()].filter(() => rand() < 0.3)));
  return { table, dense, updates, rand };
}

describe('TailAverage', () => {
  it('equals the plain mean of the iterates after the start step, though it only reads the rows a step changes', () => {
    const [rows, dim, steps, start] = [7, 3, 12, 4];
    const { table, dense, updates, rand } = trajectory(steps, rows, dim, 11);
    const iterates: Array<{ table: Float32Array; dense: Float32Array }> = [];
    let avg: TailAverage | undefined;
    for (let k = 1; k <= steps; k++) {
      if (k - 1 === start) avg = new TailAverage(table, dim, [dense], start);
      avg?.beforeRowUpdate(updates[k - 1]!, k);
      for (const r of updates[k - 1]!) for (let d = 0; d < dim; d++) table[r * dim + d] = rand();
      for (let j = 0; j < dense.length; j++) dense[j] = rand();
      avg?.afterStep();
      iterates.push({ table: table.slice(), dense: dense.slice() });
    }
    const tail = iterates.slice(start);
    const expectMean = (pick: (i: { table: Float32Array; dense: Float32Array }) => Float32Array, n: number) =>
      Array.from({ length: n }, (_, j) => tail.reduce((s, it) => s + pick(it)[j]!, 0) / tail.length);
    const outTable = new Float32Array(rows * dim);
    const outDense = new Float32Array(dense.length);
    avg!.meanInto(steps, outTable, [outDense]);
    const want = expectMean((i) => i.table, rows * dim);
    want.forEach((v, j) => expect(outTable[j]).toBeCloseTo(v, 5));
    expectMean((i) => i.dense, dense.length).forEach((v, j) => expect(outDense[j]).toBeCloseTo(v, 5));
    // A row no step changed averages to its own value; the average differs from the last iterate elsewhere.
    expect([...outTable].some((v, j) => Math.abs(v - table[j]!) > 1e-3)).toBe(true);
  });

  it('refuses to average up to a step it has not seen', () => {
    const avg = new TailAverage(new Float32Array(6), 3, [], 0);
    avg.afterStep();
    expect(() => avg.meanInto(2, new Float32Array(6), [])).toThrow(/1 steps since 0, not 2/);
  });
});

describe('cvRecipes and beatsBaseline', () => {
  it('lists the last iterate per epoch, then each averaged recipe from its start epoch on', () => {
    expect(cvRecipes(3, [3, 2, 9]).map((r) => `${r.epochs}/${r.averageFrom}`)).toEqual([
      '1/0',
      '2/0',
      '3/0',
      '2/2',
      '3/2',
      '3/3',
    ]);
  });

  const set = (macroF1: number) => ({ n: 1, accuracy: 0, macroF1, macroRecall: 0, ece: 0 });
  const outcome = (score: number, swe: number, phen: number) => ({
    score,
    bySet: {
      'swe-sentiment': { model: set(swe), start: set(swe), combined: set(swe) },
      'phenomena-sv': { model: set(phen), start: set(phen), combined: { ...set(0), accuracy: phen } },
    },
  });

  it('lets an averaged recipe replace the baseline only with a higher objective and no stream set worse', () => {
    expect(beatsBaseline(outcome(0.76, 0.7, 0.8), outcome(0.75, 0.7, 0.9), 0.005).wins).toBe(true);
    expect(beatsBaseline(outcome(0.76, 0.69, 0.9), outcome(0.75, 0.7, 0.9), 0.005)).toEqual({
      wins: false,
      reasons: ['swe-sentiment 0.6900 < 0.7000 − 0.005'],
    });
    expect(beatsBaseline(outcome(0.75, 0.7, 0.9), outcome(0.75, 0.7, 0.9), 0.005).wins).toBe(false);
  });
});
