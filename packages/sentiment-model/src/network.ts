/**
 * The network, as plain typed arrays, and its forward pass in plain JS. TensorFlow.js trains these exact arrays
 * (`tf-graph.ts` builds the same computation; a test checks the two agree); at inference the scorer uses this file
 * only, so loading the engine does not load tfjs and a batch costs microseconds per post.
 *
 *   x = [ mean(E[ids]) ; (lex - lexMean) / lexStd ]          embedding bag ‖ standardised lexicon features
 *   logits = relu(x·W1 + b1)·W2 + x·Wl + b2                  small MLP plus a linear skip path
 *   p = softmax(logits / temperature)                          temperature fitted on dev (calibration)
 */

/** The embedding table: float while training, int8 with one scale per row when shipped (4× smaller). */
export type EmbeddingTable = { kind: 'f32'; data: Float32Array } | { kind: 'q8'; data: Int8Array; scale: Float32Array };

/** All weights of one model. Matrices are row-major `[in, out]`, the layout of `tf.matMul(x, W)`. */
export interface NetworkWeights {
  buckets: number;
  dim: number;
  hidden: number;
  /** Number of lexicon features (0 for the n-gram-only ablation). */
  nLex: number;
  emb: EmbeddingTable;
  lexMean: Float32Array;
  lexStd: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  wl: Float32Array;
  b2: Float32Array;
  temperature: number;
}

export const N_CLASSES = 3;

/** Builds the input vector x (length dim + nLex) for one post into `x`. */
export function buildInput(
  w: NetworkWeights,
  ids: ArrayLike<number>,
  lex: ArrayLike<number> | undefined,
  x: Float32Array,
): void {
  const { dim, nLex } = w;
  x.fill(0, 0, dim);
  const n = ids.length;
  // Float tables (training, evaluation of unquantised weights): unrolled by four, V8 does not vectorise the plain
  // loop (measured 1.6× faster); `d4` is the part of dim divisible by four. Shipped int8 tables: bagQ8.
  const d4 = dim - (dim % 4);
  if (w.emb.kind === 'f32') {
    const e = w.emb.data;
    for (let i = 0; i < n; i++) {
      const o = ids[i]! * dim;
      let d = 0;
      for (; d < d4; d += 4) {
        x[d]! += e[o + d]!;
        x[d + 1]! += e[o + d + 1]!;
        x[d + 2]! += e[o + d + 2]!;
        x[d + 3]! += e[o + d + 3]!;
      }
      for (; d < dim; d++) x[d]! += e[o + d]!;
    }
  } else {
    bagQ8(w.emb.data, w.emb.scale, dim, ids, x);
  }
  if (n > 0) for (let d = 0; d < dim; d++) x[d]! /= n;
  for (let j = 0; j < nLex; j++) x[dim + j] = ((lex?.[j] ?? 0) - w.lexMean[j]!) / w.lexStd[j]!;
}

/**
 * Raw logits for one input vector (before temperature). Scratch `h` must have length `hidden`.
 * Every sum is kept in a local and rounded to float32 (`Math.fround`) after each addition, in the same order as
 * adding into the Float32Array element would: bit-identical to that, without a load and store per term. Hidden
 * units go eight at a time: eight independent sums per input keep the CPU busy while each rounding completes
 * (one unit at a time was latency-bound and no faster than the plain loop).
 */
export function logitsOf(w: NetworkWeights, x: Float32Array, h: Float32Array, out: Float32Array): void {
  const nIn = w.dim + w.nLex;
  const H = w.hidden;
  const { w1, b1, w2, wl, b2 } = w;
  const fr = Math.fround;
  let k = 0;
  for (; k + 8 <= H; k += 8) {
    let a0 = b1[k]!,
      a1 = b1[k + 1]!,
      a2 = b1[k + 2]!,
      a3 = b1[k + 3]!;
    let a4 = b1[k + 4]!,
      a5 = b1[k + 5]!,
      a6 = b1[k + 6]!,
      a7 = b1[k + 7]!;
    for (let i = 0; i < nIn; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const o = i * H + k;
      a0 = fr(a0 + xi * w1[o]!);
      a1 = fr(a1 + xi * w1[o + 1]!);
      a2 = fr(a2 + xi * w1[o + 2]!);
      a3 = fr(a3 + xi * w1[o + 3]!);
      a4 = fr(a4 + xi * w1[o + 4]!);
      a5 = fr(a5 + xi * w1[o + 5]!);
      a6 = fr(a6 + xi * w1[o + 6]!);
      a7 = fr(a7 + xi * w1[o + 7]!);
    }
    h[k] = a0;
    h[k + 1] = a1;
    h[k + 2] = a2;
    h[k + 3] = a3;
    h[k + 4] = a4;
    h[k + 5] = a5;
    h[k + 6] = a6;
    h[k + 7] = a7;
  }
  for (; k < H; k++) {
    let a = b1[k]!;
    for (let i = 0; i < nIn; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      a = fr(a + xi * w1[i * H + k]!);
    }
    h[k] = a;
  }
  let o0 = b2[0]!;
  let o1 = b2[1]!;
  let o2 = b2[2]!;
  for (let j = 0; j < H; j++) {
    const hk = h[j]! > 0 ? h[j]! : 0;
    if (hk === 0) continue;
    const o = j * N_CLASSES;
    o0 = fr(o0 + hk * w2[o]!);
    o1 = fr(o1 + hk * w2[o + 1]!);
    o2 = fr(o2 + hk * w2[o + 2]!);
  }
  for (let i = 0; i < nIn; i++) {
    const xi = x[i]!;
    const o = i * N_CLASSES;
    o0 = fr(o0 + xi * wl[o]!);
    o1 = fr(o1 + xi * wl[o + 1]!);
    o2 = fr(o2 + xi * wl[o + 2]!);
  }
  out[0] = o0;
  out[1] = o1;
  out[2] = o2;
}

/**
 * The int8 embedding bag sum: x[d] = Σ_i data[ids[i], d] · scale[ids[i]], for d < dim. Eight dimensions at a time
 * in locals, each rounded to float32 after every addition (as the Float32Array element was), so the result is
 * bit-identical to summing into `x` id by id, at ~2/3 of the time: no load/store of `x` per term, and the rows of
 * one post stay in L1 for the later groups of eight.
 */
function bagQ8(data: Int8Array, scale: Float32Array, dim: number, ids: ArrayLike<number>, x: Float32Array): void {
  const n = ids.length;
  const fr = Math.fround;
  let d = 0;
  for (; d + 8 <= dim; d += 8) {
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0,
      a4 = 0,
      a5 = 0,
      a6 = 0,
      a7 = 0;
    for (let i = 0; i < n; i++) {
      const row = ids[i]!;
      const o = row * dim + d;
      const s = scale[row]!;
      a0 = fr(a0 + data[o]! * s);
      a1 = fr(a1 + data[o + 1]! * s);
      a2 = fr(a2 + data[o + 2]! * s);
      a3 = fr(a3 + data[o + 3]! * s);
      a4 = fr(a4 + data[o + 4]! * s);
      a5 = fr(a5 + data[o + 5]! * s);
      a6 = fr(a6 + data[o + 6]! * s);
      a7 = fr(a7 + data[o + 7]! * s);
    }
    x[d] = a0;
    x[d + 1] = a1;
    x[d + 2] = a2;
    x[d + 3] = a3;
    x[d + 4] = a4;
    x[d + 5] = a5;
    x[d + 6] = a6;
    x[d + 7] = a7;
  }
  for (; d < dim; d++) {
    let a = 0;
    for (let i = 0; i < n; i++) {
      const row = ids[i]!;
      a = fr(a + data[row * dim + d]! * scale[row]!);
    }
    x[d] = a;
  }
}

/** Softmax of `logits / temperature` into `out` (numerically stable). */
export function softmaxT(logits: ArrayLike<number>, temperature: number, out: Float32Array): void {
  let max = -Infinity;
  for (let c = 0; c < N_CLASSES; c++) max = Math.max(max, logits[c]! / temperature);
  let sum = 0;
  for (let c = 0; c < N_CLASSES; c++) {
    const e = Math.exp(logits[c]! / temperature - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < N_CLASSES; c++) out[c]! /= sum;
}

/** A reusable forward pass: allocates its scratch once, then scores posts without allocating. */
export function createForward(
  w: NetworkWeights,
): (ids: ArrayLike<number>, lex: ArrayLike<number> | undefined, logits: Float32Array) => void {
  const x = new Float32Array(w.dim + w.nLex);
  const h = new Float32Array(w.hidden);
  return (ids, lex, logits) => {
    buildInput(w, ids, lex, x);
    logitsOf(w, x, h, logits);
  };
}

/**
 * Quantises a float embedding table to int8 with a per-row scale (max |v| / 127). Rows never touched in training
 * stay at their small random init; quantising them costs nothing in accuracy and keeps the file 4× smaller.
 */
export function quantize(data: Float32Array, buckets: number, dim: number): { data: Int8Array; scale: Float32Array } {
  const q = new Int8Array(buckets * dim);
  const scale = new Float32Array(buckets);
  for (let r = 0; r < buckets; r++) {
    const o = r * dim;
    let m = 0;
    for (let d = 0; d < dim; d++) m = Math.max(m, Math.abs(data[o + d]!));
    const s = m > 0 ? m / 127 : 1;
    scale[r] = s;
    for (let d = 0; d < dim; d++) q[o + d] = Math.round(data[o + d]! / s);
  }
  return { data: q, scale };
}

/** The float table a quantised one stands for (used to check tfjs and JS agree on the shipped weights). */
export function dequantize(w: NetworkWeights): Float32Array {
  if (w.emb.kind === 'f32') return w.emb.data;
  const out = new Float32Array(w.buckets * w.dim);
  for (let r = 0; r < w.buckets; r++) {
    const s = w.emb.scale[r]!;
    for (let d = 0; d < w.dim; d++) out[r * w.dim + d] = w.emb.data[r * w.dim + d]! * s;
  }
  return out;
}
