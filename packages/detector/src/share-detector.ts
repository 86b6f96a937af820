import { createEdgeTrigger, type TriggerOptions, type TriggerStep } from './trigger.js';

/**
 * Negative share of all mentions per bucket: k negatives out of n against a long-memory baseline share p0, tested
 * with a beta-binomial z (intra-bucket correlation `rho`: replies to one angry post are not independent), and the
 * shared rising-edge trigger. A share jump on a handful of mentions is not support: `minMentions` per bucket and a
 * minimum share lift apply.
 */
export interface ShareDetectorOptions extends Partial<TriggerOptions> {
  /** Half-life of the baseline share, in ms of event time. */
  halfLifeMs?: number;
  /** Over-dispersion of negatives within a bucket. */
  rho?: number;
  minMentions?: number;
  /** Minimum absolute lift of the share over baseline (0.15 = 15 percentage points). */
  minLift?: number;
  /** Buckets before alerts may fire. */
  warmupBuckets?: number;
}

export interface ShareVerdict extends TriggerStep {
  share: number;
  expected: number;
  z: number;
}

export function createShareDetector(o: ShareDetectorOptions = {}) {
  const halfLife = o.halfLifeMs ?? 6 * 3_600_000;
  const rho = o.rho ?? 0.05;
  const minMentions = o.minMentions ?? 5;
  const minLift = o.minLift ?? 0.15;
  const warmup = o.warmupBuckets ?? 10;
  const trigger = createEdgeTrigger({ cusumK: 0.75, cusumH: 6, zHard: 4.5, releaseMs: 30 * 60_000, cooldownMs: 60 * 60_000, ...o });
  // Prior: 20 % negative, worth 20 mentions, so the first busy minute does not define "normal".
  let negW = 4;
  let totW = 20;
  let buckets = 0;
  let lastTs: number | undefined;

  return {
    push(ts: number, negatives: number, total: number): ShareVerdict {
      const p0 = Math.min(Math.max(negW / totW, 0.01), 0.99);
      const share = total > 0 ? negatives / total : 0;
      const variance = total * p0 * (1 - p0) * (1 + Math.max(total - 1, 0) * rho);
      const z = total > 0 ? (negatives - total * p0) / Math.sqrt(variance) : 0;
      const supported = total >= minMentions && share - p0 >= minLift;
      const step = trigger.step(ts, Math.min(z, 12), supported, buckets >= warmup);
      const dt = lastTs === undefined ? 60_000 : Math.max(ts - lastTs, 1);
      const decay = Math.pow(2, -dt / halfLife);
      // A storm bucket teaches the baseline at reduced weight, so a long storm is absorbed slowly, not at once.
      const w = step.state === 'firing' ? 0.2 : 1;
      negW = negW * decay + w * negatives;
      totW = totW * decay + w * total;
      buckets += 1;
      lastTs = ts;
      return { ...step, share, expected: p0, z };
    },
  };
}
