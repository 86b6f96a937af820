import { buildInput, N_CLASSES, type NetworkWeights } from './network.js';

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
 * linear in the bag vector, which is the mean of the post's n-gram rows, so it splits further by n-gram: see
 * `bagDirection`.
 */
export interface LogitParts {
  bias: Float32Array;
  lexicon: Float32Array;
  bag: Float32Array;
  /** bias + lexicon + bag: the raw logits (before temperature). */
  logits: Float32Array;
  /** Hidden units active on this input (1) or not (0): fixes the linear map `bagDirection` reads. */
  active: Uint8Array;
}

/** A reusable decomposing forward pass (allocates its scratch once). */
export function createDecomposer(w: NetworkWeights): (ids: ArrayLike<number>, lex: ArrayLike<number> | undefined) => LogitParts {
  const nIn = w.dim + w.nLex;
  const x = new Float32Array(nIn);
  const preBag = new Float64Array(w.hidden);
  const preLex = new Float64Array(w.hidden);
  return (ids, lex) => {
    buildInput(w, ids, lex, x);
    const H = w.hidden;
    preBag.fill(0);
    preLex.fill(0);
    for (let i = 0; i < nIn; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const into = i < w.dim ? preBag : preLex;
      for (let k = 0; k < H; k++) into[k]! += xi * w.w1[i * H + k]!;
    }
    const parts: LogitParts = {
      bias: Float32Array.from(w.b2),
      lexicon: new Float32Array(N_CLASSES),
      bag: new Float32Array(N_CLASSES),
      logits: new Float32Array(N_CLASSES),
      active: new Uint8Array(H),
    };
    for (let k = 0; k < H; k++) {
      if (w.b1[k]! + preBag[k]! + preLex[k]! <= 0) continue;
      parts.active[k] = 1;
      for (let c = 0; c < N_CLASSES; c++) {
        const w2 = w.w2[k * N_CLASSES + c]!;
        parts.bias[c]! += w.b1[k]! * w2;
        parts.bag[c]! += preBag[k]! * w2;
        parts.lexicon[c]! += preLex[k]! * w2;
      }
    }
    for (let i = 0; i < nIn; i++) {
      const into = i < w.dim ? parts.bag : parts.lexicon;
      for (let c = 0; c < N_CLASSES; c++) into[c]! += x[i]! * w.wl[i * N_CLASSES + c]!;
    }
    for (let c = 0; c < N_CLASSES; c++) parts.logits[c] = parts.bias[c]! + parts.lexicon[c]! + parts.bag[c]!;
    return parts;
  };
}

/**
 * The bag part's linear map for one post's activation pattern, as `dim × 3`: bag logits = Σ_d bagVector[d]·M[d,c].
 * An n-gram row r enters the bag vector as E[r] / n (n = the post's number of n-grams), so its own share of the bag
 * logits is E[r]·M / n, and the shares of all the post's n-grams sum to the bag part.
 */
export function bagDirection(w: NetworkWeights, active: Uint8Array): Float32Array {
  const H = w.hidden;
  const m = new Float32Array(w.dim * N_CLASSES);
  for (let d = 0; d < w.dim; d++) {
    for (let c = 0; c < N_CLASSES; c++) {
      let s = w.wl[d * N_CLASSES + c]!;
      for (let k = 0; k < H; k++) if (active[k]) s += w.w1[d * H + k]! * w.w2[k * N_CLASSES + c]!;
      m[d * N_CLASSES + c] = s;
    }
  }
  return m;
}

/** The same for the lexicon part: lexicon logits = Σ_j x_lex[j]·M[j,c] (x standardised as the network reads it). */
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

/** Row `r` of the embedding table as floats (int8 rows times their scale). */
export function embeddingRow(w: NetworkWeights, r: number, out: Float32Array): Float32Array {
  const o = r * w.dim;
  if (w.emb.kind === 'f32') for (let d = 0; d < w.dim; d++) out[d] = w.emb.data[o + d]!;
  else for (let d = 0; d < w.dim; d++) out[d] = w.emb.data[o + d]! * w.emb.scale[r]!;
  return out;
}
