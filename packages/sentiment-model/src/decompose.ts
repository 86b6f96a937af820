import type { TokenMarks } from './featurize.js';
import { N_CLASSES, type NetworkWeights } from './network.js';

/**
 * The network's logits split exactly into three additive parts, so the verdict can be explained line by line:
 *
 *   logits = bias + lexicon + bag
 *
 * A ReLU network is linear once its activation pattern is fixed. For one post, with A the hidden units active on
 * its input, the pre-activation of unit k is b1[k] + Σ_bag x·W1 + Σ_lex x·W1, so
 *   bias    = b2 + Σ_{k∈A} b1[k]·W2[k]
 *   lexicon = Σ_{k∈A} (Σ_lex x·W1[·,k])·W2[k] + Σ_lex x·Wl        (what the model reads from the lexicon features)
 *   bag     = Σ_{k∈A} (Σ_bag x·W1[·,k])·W2[k] + Σ_bag x·Wl        (what it reads from the words themselves)
 * and their sum is the forward pass's logits (same float32 terms, other order: equal to ~1e-5). The bag part is
 * linear in the bag vector, which is the mean of the post's n-gram rows, so it splits further by token
 * (`tokenPush`).
 */
export interface LogitParts {
  bias: Float32Array;
  lexicon: Float32Array;
  bag: Float32Array;
  /** bias + lexicon + bag: the raw logits (before temperature). */
  logits: Float32Array;
  /** Hidden units active on this input (1) or not (0): fixes the linear map `bagDirection` reads. */
  active: Uint8Array;
  /**
   * With token marks: each token's share of the bag part's polarity margin (logit_pos − logit_neg, before the
   * temperature), `tokenPush[t]` for token t, and the share of the ids no token owns (`restPush`). They sum to
   * bag[2] − bag[0] up to float rounding.
   */
  tokenPush: Float64Array;
  restPush: number;
}

/** A reusable decomposing forward pass (allocates its scratch once; the returned parts are overwritten next call). */
export function createDecomposer(
  w: NetworkWeights,
): (ids: ArrayLike<number>, lex: ArrayLike<number> | undefined, marks?: TokenMarks) => LogitParts {
  const { dim, nLex, hidden: H } = w;
  const nIn = dim + nLex;
  const x = new Float32Array(nIn);
  const preBag = new Float64Array(H);
  const preLex = new Float64Array(H);
  // Per class c: the polarity difference of the output weights, used for the per-token pushes.
  const w2diff = Float64Array.from({ length: H }, (_, k) => w.w2[k * N_CLASSES + 2]! - w.w2[k * N_CLASSES]!);
  const u = new Float64Array(dim);
  let tokSums = new Float32Array(64 * dim);
  const parts: LogitParts = {
    bias: new Float32Array(N_CLASSES),
    lexicon: new Float32Array(N_CLASSES),
    bag: new Float32Array(N_CLASSES),
    logits: new Float32Array(N_CLASSES),
    active: new Uint8Array(H),
    tokenPush: new Float64Array(64),
    restPush: 0,
  };
  // The embedding table as float rows times a per-row scale (1 for float tables), read into locals once.
  const q8 = w.emb.kind === 'q8' ? w.emb.data : undefined;
  const f32 = w.emb.kind === 'f32' ? w.emb.data : undefined;
  const scale = w.emb.kind === 'q8' ? w.emb.scale : undefined;
  // Adds rows ids[from..to) into acc[o..o+dim): the hot loop of the engine (a few hundred rows per post). Eight
  // dimensions at a time in locals, as network.ts's bagQ8 does: a row stays in L1 across the groups, and the sums
  // stay in registers instead of a load and store of `acc` per term (measured 3× faster than the plain loop).
  const d8 = dim - (dim % 8);
  const addRows = (ids: ArrayLike<number>, from: number, to: number, acc: Float32Array, o: number): void => {
    if (to <= from) return;
    const e = (q8 ?? f32)!;
    let d = 0;
    for (; d < d8; d += 8) {
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        a4 = 0,
        a5 = 0,
        a6 = 0,
        a7 = 0;
      for (let k = from; k < to; k++) {
        const r = ids[k]!;
        const b = r * dim + d;
        const sc = scale ? scale[r]! : 1;
        a0 += e[b]! * sc;
        a1 += e[b + 1]! * sc;
        a2 += e[b + 2]! * sc;
        a3 += e[b + 3]! * sc;
        a4 += e[b + 4]! * sc;
        a5 += e[b + 5]! * sc;
        a6 += e[b + 6]! * sc;
        a7 += e[b + 7]! * sc;
      }
      acc[o + d] = acc[o + d]! + a0;
      acc[o + d + 1] = acc[o + d + 1]! + a1;
      acc[o + d + 2] = acc[o + d + 2]! + a2;
      acc[o + d + 3] = acc[o + d + 3]! + a3;
      acc[o + d + 4] = acc[o + d + 4]! + a4;
      acc[o + d + 5] = acc[o + d + 5]! + a5;
      acc[o + d + 6] = acc[o + d + 6]! + a6;
      acc[o + d + 7] = acc[o + d + 7]! + a7;
    }
    for (; d < dim; d++) {
      let a = 0;
      for (let k = from; k < to; k++) a += e[ids[k]! * dim + d]! * (scale ? scale[ids[k]!]! : 1);
      acc[o + d] = acc[o + d]! + a;
    }
  };
  return (ids, lex, marks) => {
    const nTok = marks ? marks.tokens.length : 0;
    if ((nTok + 1) * dim > tokSums.length) tokSums = new Float32Array((nTok + 1) * 2 * dim);
    if (nTok + 1 > parts.tokenPush.length) parts.tokenPush = new Float64Array((nTok + 1) * 2);
    // The bag: rows summed per token (slot t), the language marker and end bigram in the last slot (nTok).
    tokSums.fill(0, 0, (nTok + 1) * dim);
    let begin = 1;
    for (let t = 0; t < nTok; t++) {
      const end = marks!.ends[t]!;
      addRows(ids, begin, end, tokSums, t * dim);
      begin = end;
    }
    const rest = nTok * dim;
    addRows(ids, 0, Math.min(1, ids.length), tokSums, rest);
    addRows(ids, Math.max(begin, 1), ids.length, tokSums, rest);
    const n = ids.length || 1;
    x.fill(0, 0, dim);
    for (let t = 0; t <= nTok; t++) for (let d = 0; d < dim; d++) x[d]! += tokSums[t * dim + d]!;
    for (let d = 0; d < dim; d++) x[d]! /= n;
    for (let j = 0; j < nLex; j++) x[dim + j] = ((lex?.[j] ?? 0) - w.lexMean[j]!) / w.lexStd[j]!;

    preBag.fill(0);
    preLex.fill(0);
    const w1 = w.w1;
    for (let i = 0; i < dim; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const o = i * H;
      for (let k = 0; k < H; k++) preBag[k]! += xi * w1[o + k]!;
    }
    for (let i = dim; i < nIn; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const o = i * H;
      for (let k = 0; k < H; k++) preLex[k]! += xi * w1[o + k]!;
    }
    for (let c = 0; c < N_CLASSES; c++) {
      parts.bias[c] = w.b2[c]!;
      parts.lexicon[c] = 0;
      parts.bag[c] = 0;
    }
    for (let k = 0; k < H; k++) {
      const on = w.b1[k]! + preBag[k]! + preLex[k]! > 0;
      parts.active[k] = on ? 1 : 0;
      if (!on) continue;
      for (let c = 0; c < N_CLASSES; c++) {
        const w2 = w.w2[k * N_CLASSES + c]!;
        parts.bias[c]! += w.b1[k]! * w2;
        parts.bag[c]! += preBag[k]! * w2;
        parts.lexicon[c]! += preLex[k]! * w2;
      }
    }
    const wl = w.wl;
    for (let c = 0; c < N_CLASSES; c++) {
      let sb = 0;
      let sl = 0;
      for (let i = 0; i < dim; i++) sb += x[i]! * wl[i * N_CLASSES + c]!;
      for (let i = dim; i < nIn; i++) sl += x[i]! * wl[i * N_CLASSES + c]!;
      parts.bag[c]! += sb;
      parts.lexicon[c]! += sl;
    }
    for (let c = 0; c < N_CLASSES; c++) parts.logits[c] = parts.bias[c]! + parts.lexicon[c]! + parts.bag[c]!;

    // Per-token polarity pushes (logits, before temperature): token sum · u / n, u = the bag's polarity direction.
    if (marks) {
      for (let d = 0; d < dim; d++) {
        let s = w.wl[d * N_CLASSES + 2]! - w.wl[d * N_CLASSES]!;
        const o = d * H;
        for (let k = 0; k < H; k++) if (parts.active[k]) s += w.w1[o + k]! * w2diff[k]!;
        u[d] = s / n;
      }
      for (let t = 0; t <= nTok; t++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += tokSums[t * dim + d]! * u[d]!;
        if (t < nTok) parts.tokenPush[t] = s;
        else parts.restPush = s;
      }
    }
    return parts;
  };
}

/** The lexicon part's linear map for one post's activation pattern, `nLex × 3`: lexicon logits = Σ_j x_lex[j]·M[j,c] (x standardised as the network reads it). */
export function lexiconDirection(w: NetworkWeights, active: Uint8Array): Float32Array {
  const H = w.hidden;
  const m = new Float32Array(w.nLex * N_CLASSES);
  for (let j = 0; j < w.nLex; j++) {
    const i = w.dim + j;
    for (let c = 0; c < N_CLASSES; c++) {
      let s = w.wl[i * N_CLASSES + c]!;
      for (let k = 0; k < H; k++) if (active[k]) s += w.w1[i * H + k]! * w.w2[k * N_CLASSES + c]!;
      m[j * N_CLASSES + c] = s;
    }
  }
  return m;
}
