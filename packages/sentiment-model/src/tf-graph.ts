import * as tf from '@tensorflow/tfjs';
import { N_CLASSES, type NetworkWeights } from './network.js';
import { rng } from './optim.js';

/**
 * The training graph in TensorFlow.js: the same computation as `network.ts`, written with tf ops so tfjs computes
 * the loss and the gradients of every dense weight and of the bag vectors. The embedding bag itself (a mean of
 * rows) and its backward step (scatter-add of the bag gradient into the rows it averaged) run in plain JS over
 * only the rows a batch touches: tfjs's cpu gather gradient materialises the whole 2^18-row table and its
 * unsortedSegmentSum is O(segments × entries), which measured 0.25–4 s per batch against ~5 ms this way.
 * `tfLogits` below builds the whole computation, bag included, in tfjs; a test checks it against `network.ts`.
 */

/** One mini-batch in sparse form: `localIdx[offsets[b] .. offsets[b+1])` index into `uniqRows` (global rows). */
export interface SparseBatch {
  size: number;
  uniqRows: Int32Array;
  offsets: Int32Array;
  localIdx: Int32Array;
  /** 1 / (number of features of example b): the bag is a mean. */
  inv: Float32Array;
  /** Standardised lexicon features, `size × nLex`. */
  lex: Float32Array;
  labels: Int32Array;
  /** Added to the logits: -1e9 on neutral for polarity-only sets, so their loss is P(label | not neutral). */
  logitMask: Float32Array;
  weight: Float32Array;
}

export interface DenseParams {
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  wl: Float32Array;
  b2: Float32Array;
}

type Shape = { dim: number; hidden: number; nLex: number };

function headGraph(
  shape: Shape,
  b: SparseBatch,
  e: tf.Tensor,
  p: tf.Tensor[],
  dropout?: { rate: number; seed: number },
): tf.Tensor2D {
  const [w1, b1, w2, wl, b2] = p as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const ed = dropout && dropout.rate > 0 ? tf.dropout(e, dropout.rate, undefined, dropout.seed) : e;
  const x = (shape.nLex > 0 ? tf.concat([ed, tf.tensor2d(b.lex, [b.size, shape.nLex])], 1) : ed) as tf.Tensor2D;
  const h = tf.relu(tf.add(tf.matMul(x, w1), b1)) as tf.Tensor2D;
  return tf.add(tf.add(tf.matMul(h, w2), tf.matMul(x, wl)), b2) as tf.Tensor2D;
}

function denseTensors(shape: Shape, d: DenseParams): tf.Tensor[] {
  const nIn = shape.dim + shape.nLex;
  return [
    tf.tensor2d(d.w1, [nIn, shape.hidden]),
    tf.tensor1d(d.b1),
    tf.tensor2d(d.w2, [shape.hidden, N_CLASSES]),
    tf.tensor2d(d.wl, [nIn, N_CLASSES]),
    tf.tensor1d(d.b2),
  ];
}

/**
 * The batch's weighted cross-entropy (+ L2 on the dense matrices) and its gradients: `gEsub` per touched row
 * (aligned with `b.uniqRows`) and per dense weight. `esub` holds the touched rows, `uniqRows.length × dim`.
 */
export function lossAndGrads(
  shape: Shape,
  b: SparseBatch,
  esub: Float32Array,
  dense: DenseParams,
  dropout: { rate: number; seed: number; bagRate?: number; ngramRate?: number },
  l2: number,
): { loss: number; gEsub: Float32Array; gDense: DenseParams } {
  const D = shape.dim;
  const bagOut = new Float32Array(b.size * D);
  // Bag dropout: for a seeded share of examples the whole n-gram bag is zeroed, so the network must also learn
  // to decide from the lexicon features alone instead of letting 200 n-gram ids drown 36 rule-aware features.
  const rand = rng(dropout.seed ^ 0x5bd1e995);
  const kept = Uint8Array.from({ length: b.size }, () => (rand() < (dropout.bagRate ?? 0) ? 0 : 1));
  const { use, inv } = ngramMask(b, dropout.ngramRate ?? 0, dropout.seed);
  for (let i = 0; i < b.size; i++) {
    if (!kept[i]) continue;
    for (let k = b.offsets[i]!; k < b.offsets[i + 1]!; k++) {
      if (!use[k]) continue;
      const o = b.localIdx[k]! * D;
      for (let d = 0; d < D; d++) bagOut[i * D + d]! += esub[o + d]!;
    }
    for (let d = 0; d < D; d++) bagOut[i * D + d]! *= inv[i]!;
  }
  const res = tf.tidy(() => {
    const onehot = tf.oneHot(tf.tensor1d(b.labels, 'int32'), N_CLASSES);
    const mask = tf.tensor2d(b.logitMask, [b.size, N_CLASSES]);
    const wts = tf.tensor1d(b.weight);
    const wsum = b.weight.reduce((s, v) => s + v, 0);
    const f = (...t: tf.Tensor[]): tf.Scalar => {
      const logits = tf.add(headGraph(shape, b, t[0]!, t.slice(1), dropout), mask);
      const nll = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1));
      const data = tf.div(tf.sum(tf.mul(nll, wts)), wsum);
      const reg = tf.mul(l2, tf.add(tf.sum(tf.square(t[1]!)), tf.sum(tf.square(t[3]!))));
      return tf.add(data, reg) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)([tf.tensor2d(bagOut, [b.size, D]), ...denseTensors(shape, dense)]);
    const gd = grads.map((g) => g.dataSync() as Float32Array);
    return {
      loss: value.dataSync()[0]!,
      gBag: gd[0]!,
      gDense: { w1: gd[1]!, b1: gd[2]!, w2: gd[3]!, wl: gd[4]!, b2: gd[5]! },
    };
  });
  // Backward through the mean: each row it averaged receives inv · (gradient of the bag vector).
  const gEsub = new Float32Array(esub.length);
  for (let i = 0; i < b.size; i++) {
    if (!kept[i]) continue;
    const s = inv[i]!;
    for (let k = b.offsets[i]!; k < b.offsets[i + 1]!; k++) {
      if (!use[k]) continue;
      const o = b.localIdx[k]! * D;
      for (let d = 0; d < D; d++) gEsub[o + d]! += s * res.gBag[i * D + d]!;
    }
  }
  return { loss: res.loss, gEsub, gDense: res.gDense };
}

/**
 * Per-n-gram dropout ("word dropout", Iyyer et al. 2015, over every hashed id): each id of a post is left out of its
 * bag with probability `rate`, and the bag is the mean of the ids kept, which already has the full bag's scale (no
 * 1/(1−p) factor). A post then cannot lean on a few ids of its own; a post whose every id is dropped gets an empty
 * bag (zero), as a post without features does. `use[k]` flags the entries of `b.localIdx` kept; `inv[i]` is
 * 1 / (ids kept in post i). With `rate` 0 every id is kept and `inv` is the batch's own, so training is unchanged.
 */
function ngramMask(b: SparseBatch, rate: number, seed: number): { use: Uint8Array; inv: Float32Array } {
  const use = new Uint8Array(b.localIdx.length).fill(1);
  if (rate <= 0) return { use, inv: b.inv };
  const rand = rng(seed ^ 0x27d4eb2f);
  const inv = new Float32Array(b.size);
  for (let i = 0; i < b.size; i++) {
    let n = 0;
    for (let k = b.offsets[i]!; k < b.offsets[i + 1]!; k++) {
      use[k] = rand() < rate ? 0 : 1;
      n += use[k]!;
    }
    inv[i] = n > 0 ? 1 / n : 0;
  }
  return { use, inv };
}

/**
 * tfjs's logits for a batch under the given weights, the embedding bag included (gather + per-example mean), no
 * dropout. Used by the test proving the plain-JS forward pass the engine runs computes what tfjs trained.
 */
export function tfLogits(w: NetworkWeights, embF32: Float32Array, b: SparseBatch): Float32Array {
  return tf.tidy(() => {
    const table = tf.tensor2d(embF32, [w.buckets, w.dim]);
    const bags: tf.Tensor[] = [];
    for (let i = 0; i < b.size; i++) {
      const rows = Int32Array.from(b.localIdx.subarray(b.offsets[i]!, b.offsets[i + 1]!), (l) => b.uniqRows[l]!);
      bags.push(rows.length ? tf.mean(tf.gather(table, tf.tensor1d(rows, 'int32')), 0) : tf.zeros([w.dim]));
    }
    const logits = headGraph(w, b, tf.stack(bags), denseTensors(w, w));
    return logits.dataSync() as Float32Array;
  });
}

/** Makes the cpu backend current (tfjs-node cannot install here; wasm gains little for these small matrices). */
export async function initTf(): Promise<void> {
  tf.enableProdMode(); // also silences the "install tfjs-node" banner, which would go to stdout of `vakt train`
  await tf.setBackend('cpu');
  await tf.ready();
}
