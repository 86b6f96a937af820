/**
 * Seeded randomness and the Adam optimiser over plain Float32Arrays. tfjs computes the gradients; the update
 * runs here so the embedding table can be updated sparsely ("lazy Adam": only the rows a batch touched move,
 * as in TensorFlow's LazyAdamOptimizer), which keeps a step independent of the table size.
 */

/** mulberry32 (one home for the repo's seeded PRNG): the same seed gives the same stream on every machine. */
export { rng } from '@vakt/random/mulberry32';

/** Standard normal draws via Box–Muller. */
export function gauss(rand: () => number): number {
  const u = Math.max(1e-12, rand());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Fisher–Yates shuffle in place with the given PRNG. */
export function shuffle<T>(a: T[] | Int32Array, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** Adam state for one dense parameter array. */
export class DenseAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  constructor(
    private readonly p: Float32Array,
    private readonly cfg: AdamConfig,
  ) {
    this.m = new Float32Array(p.length);
    this.v = new Float32Array(p.length);
  }
  step(g: Float32Array, lr = this.cfg.lr): void {
    const { beta1, beta2, eps } = this.cfg;
    this.t++;
    const a = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (let i = 0; i < g.length; i++) {
      const gi = g[i]!;
      const m = (this.m[i] = beta1 * this.m[i]! + (1 - beta1) * gi);
      const v = (this.v[i] = beta2 * this.v[i]! + (1 - beta2) * gi * gi);
      this.p[i]! -= (a * m) / (Math.sqrt(v) + eps);
    }
  }
}

/**
 * Decoupled weight decay of every embedding row at every step (AdamW: p ← q·p − Adam step, q = 1 − lr·decay,
 * outside the moments, so the decay is not rescaled by 1/√v as an L2 term in the gradient would be), kept lazily:
 * a row the batches do not touch only shrinks, p_j = p_last · q^(j − last), so the shrink is applied when the row is
 * next touched (`catchUp`) or when the weights are read (`flush`). Every row decays at the same rate per step
 * whether the batches touch it or not, so a rare n-gram's row (and the random start of one never seen) fades
 * unless the data keeps pushing it, which a touch-only decay would not do.
 */
export class RowDecay {
  /** The step whose iterate each row's stored value is (0: the initial value). */
  readonly last: Int32Array;
  constructor(
    rows: number,
    /** Shrink factor per step, 1 − lr·decay. */
    readonly q: number,
  ) {
    this.last = new Int32Array(rows);
  }

  /** Brings row r of `table` to its value at iterate k − 1, ready for step k's update, and marks it as iterate k. */
  catchUp(table: Float32Array, dim: number, r: number, k: number): void {
    const f = this.q ** (k - this.last[r]!);
    for (let d = 0, o = r * dim; d < dim; d++) table[o + d]! *= f;
    this.last[r] = k;
  }

  /** Brings every row to its value at iterate k (the weights as they are after step k). */
  flush(table: Float32Array, dim: number, k: number): void {
    for (let r = 0; r < this.last.length; r++) {
      const f = this.q ** (k - this.last[r]!);
      if (f !== 1) for (let d = 0, o = r * dim; d < dim; d++) table[o + d]! *= f;
      this.last[r] = k;
    }
  }

  /**
   * Σ_{j=from}^{from+held−1} of row r's iterates, as a multiple of its stored value: Σ q^(j − last). The stored value
   * stands for iterates last, last+1, … until the row is next touched.
   */
  weight(r: number, from: number, held: number): number {
    const q = this.q;
    return (q ** (from - this.last[r]!) * (1 - q ** held)) / (1 - q);
  }
}

/**
 * Lazy Adam for the embedding table: moments and updates only for the rows in `rows`; with `decay`, each row is
 * first brought to its decayed value (`RowDecay`) and the update is p_k = q·p_{k−1} − Adam step.
 */
export class SparseAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  constructor(
    private readonly table: Float32Array,
    private readonly dim: number,
    private readonly cfg: AdamConfig,
    readonly decay?: RowDecay,
  ) {
    this.m = new Float32Array(table.length);
    this.v = new Float32Array(table.length);
  }
  step(rows: Int32Array, g: Float32Array, lr = this.cfg.lr): void {
    const { beta1, beta2, eps } = this.cfg;
    const D = this.dim;
    this.t++;
    const a = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (let r = 0; r < rows.length; r++) {
      const o = rows[r]! * D;
      this.decay?.catchUp(this.table, D, rows[r]!, this.t);
      for (let d = 0; d < D; d++) {
        const gi = g[r * D + d]!;
        const m = (this.m[o + d] = beta1 * this.m[o + d]! + (1 - beta1) * gi);
        const v = (this.v[o + d] = beta2 * this.v[o + d]! + (1 - beta2) * gi * gi);
        this.table[o + d]! -= (a * m) / (Math.sqrt(v) + eps);
      }
    }
  }
}

/**
 * The uniform average of the iterates from step `start + 1` on (stochastic weight averaging / Polyak averaging of
 * the trajectory's tail). One training run's last iterate depends on the last few hundred batches it saw; the
 * average over an epoch or more does not, so two runs of the same recipe agree more and the gain on the training
 * distribution carries over to data of the same kind. It costs nothing at inference: the result is one network.
 *
 * Lazy over the embedding table, as the optimiser is: a row's value is added to the sum, weighted by the number of
 * steps it held, only when it is about to change (`beforeRowUpdate`) and once at the end (`meanInto`), so a step
 * touches only the rows the batch touched. `from[r]` is the first step whose iterate is row r's current value and
 * has not been added yet. With a `RowDecay`, a row's iterates between touches shrink geometrically instead of
 * holding one value, and each is added with that weight (`RowDecay.weight`).
 */
export class TailAverage {
  private readonly sum: Float64Array;
  private readonly from: Int32Array;
  private readonly denseSum: Float64Array[];
  private steps = 0;
  constructor(
    private readonly table: Float32Array,
    private readonly dim: number,
    private readonly dense: Float32Array[],
    private readonly start: number,
    private readonly decay?: RowDecay,
  ) {
    this.sum = new Float64Array(table.length);
    this.from = new Int32Array(table.length / dim).fill(start + 1);
    this.denseSum = dense.map((d) => new Float64Array(d.length));
  }

  /** Call before step `k` (1-based) updates `rows` of the table. */
  beforeRowUpdate(rows: Int32Array, k: number): void {
    const D = this.dim;
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j]!;
      const held = k - this.from[r]!;
      if (held > 0) {
        const o = r * D;
        const w = this.decay ? this.decay.weight(r, this.from[r]!, held) : held;
        for (let d = 0; d < D; d++) this.sum[o + d]! += w * this.table[o + d]!;
      }
      this.from[r] = k;
    }
  }

  /** Call after step `k` has updated every parameter. */
  afterStep(): void {
    this.steps++;
    this.dense.forEach((d, i) => {
      const s = this.denseSum[i]!;
      for (let j = 0; j < d.length; j++) s[j]! += d[j]!;
    });
  }

  /** The mean of the iterates `start + 1 .. k` (k = the last step taken) into `table` and `dense` (same shapes). */
  meanInto(k: number, table: Float32Array, dense: Float32Array[]): void {
    if (k !== this.start + this.steps)
      throw new Error(`TailAverage: ${this.steps} steps since ${this.start}, not ${k}`);
    const n = this.steps;
    const D = this.dim;
    for (let r = 0; r < this.from.length; r++) {
      const held = k + 1 - this.from[r]!;
      const o = r * D;
      const w = this.decay && held > 0 ? this.decay.weight(r, this.from[r]!, held) : held;
      for (let d = 0; d < D; d++) table[o + d] = (this.sum[o + d]! + w * this.table[o + d]!) / n;
    }
    this.denseSum.forEach((s, i) => {
      const out = dense[i]!;
      for (let j = 0; j < s.length; j++) out[j] = s[j]! / n;
    });
  }
}
