import type { Prepared } from './dataset.js';
import { setMetrics, type SetMetrics } from './metrics.js';
import { createForward, N_CLASSES, softmaxT, type NetworkWeights } from './network.js';

/** Raw logits (n × 3) for prepared examples under `w`, through the same plain-JS forward pass the engine runs. */
export function predictLogits(w: NetworkWeights, p: Prepared): Float32Array {
  const fwd = createForward(w);
  const out = new Float32Array(p.n * N_CLASSES);
  for (let i = 0; i < p.n; i++) {
    fwd(
      p.ids[i]!,
      p.nLex ? p.lex.subarray(i * p.nLex, (i + 1) * p.nLex) : undefined,
      out.subarray(i * N_CLASSES, (i + 1) * N_CLASSES),
    );
  }
  return out;
}

/** Calibrated probabilities from logits. */
export function probsFromLogits(logits: Float32Array, temperature: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let i = 0; i < logits.length / N_CLASSES; i++) {
    softmaxT(
      logits.subarray(i * N_CLASSES, (i + 1) * N_CLASSES),
      temperature,
      out.subarray(i * N_CLASSES, (i + 1) * N_CLASSES),
    );
  }
  return out;
}

/** Row indices of each set in `p`. */
export function bySet(p: Prepared): Map<string, number[]> {
  const m = new Map<string, number[]>();
  p.sets.forEach((s, i) => {
    const a = m.get(s) ?? [];
    a.push(i);
    m.set(s, a);
  });
  return m;
}

/** Metrics for each set from probabilities (n × 3). */
export function metricsBySet(p: Prepared, probs: Float32Array): Record<string, SetMetrics> {
  const out: Record<string, SetMetrics> = {};
  for (const [set, rows] of bySet(p)) {
    const gold = Int32Array.from(rows, (i) => p.labels[i]!);
    const pr = new Float32Array(rows.length * N_CLASSES);
    rows.forEach((i, k) => pr.set(probs.subarray(i * N_CLASSES, (i + 1) * N_CLASSES), k * N_CLASSES));
    // Sets without a neutral class are scored as the eval harness does: a neutral answer resolves by the sign of
    // the score (p_pos − p_neg), i.e. the model's polarity given "not neutral".
    if (rows.every((i) => p.polarityOnly[i])) {
      for (let k = 0; k < rows.length; k++) {
        const o = k * N_CLASSES;
        const z = pr[o]! + pr[o + 2]! || 1;
        pr[o] = pr[o]! / z;
        pr[o + 1] = 0;
        pr[o + 2] = pr[o + 2]! / z;
      }
    }
    out[set] = setMetrics(gold, pr);
  }
  return out;
}
