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
export type EmbeddingTable =
  | { kind: 'f32'; data: Float32Array }
  | { kind: 'q8'; data: Int8Array; scale: Float32Array };

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
export function buildInput(w: NetworkWeights, ids: ArrayLike<number>, lex: ArrayLike<number> | undefined, x: Float32Array): void {
  const { dim, nLex } = w;
  x.fill(0, 0, dim);
  const n = ids.length;
  // Unrolled by four: the bag sum is most of a post's model time, and V8 does not vectorise the plain loop
  // (measured 1.6× faster). `d4` is the part of dim divisible by four; the tail loop covers the rest.
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
    const { data, scale } = w.emb;
    for (let i = 0; i < n; i++) {
      const row = ids[i]!;
      const o = row * dim;
      const s = scale[row]!;
      let d = 0;
      for (; d < d4; d += 4) {
        x[d]! += data[o + d]! * s;
        x[d + 1]! += data[o + d + 1]! * s;
        x[d + 2]! += data[o + d + 2]! * s;
        x[d + 3]! += data[o + d + 3]! * s;
      }
      for (; d < dim; d++) x[d]! += data[o + d]! * s;
    }
  }
  if (n > 0) for (let d = 0; d < dim; d++) x[d]! /= n;
  for (let j = 0; j < nLex; j++) x[dim + j] = ((lex?.[j] ?? 0) - w.lexMean[j]!) / w.lexStd[j]!;
}

/** Raw logits for one input vector (before temperature). Scratch `h` must have length `hidden`. */
export function logitsOf(w: NetworkWeights, x: Float32Array, h: Float32Array, out: Float32Array): void {
  const nIn = w.dim + w.nLex;
  const H = w.hidden;
  for (let k = 0; k < H; k++) h[k] = w.b1[k]!;
  for (let i = 0; i < nIn; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const o = i * H;
    for (let k = 0; k < H; k++) h[k]! += xi * w.w1[o + k]!;
  }
  for (let c = 0; c < N_CLASSES; c++) out[c] = w.b2[c]!;
  for (let k = 0; k < H; k++) {
    const hk = h[k]! > 0 ? h[k]! : 0;
    if (hk === 0) continue;
    for (let c = 0; c < N_CLASSES; c++) out[c]! += hk * w.w2[k * N_CLASSES + c]!;
  }
  for (let i = 0; i < nIn; i++) {
    const xi = x[i]!;
    for (let c = 0; c < N_CLASSES; c++) out[c]! += xi * w.wl[i * N_CLASSES + c]!;
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
export function createForward(w: NetworkWeights): (ids: ArrayLike<number>, lex: ArrayLike<number> | undefined, logits: Float32Array) => void {
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
