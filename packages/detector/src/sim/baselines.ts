/**
 * Simple detectors Vakt is compared with in `pnpm bench:alerts`. Each is streaming and causal, fires on the rising
 * edge and then stays quiet for `cooldownMs` (6 h, about what Vakt's release + cooldown add up to, so the comparison is
 * about detection, not about repeat alerts). `threshold` is their one knob; the bench also sweeps it.
 */
export interface SimpleDetector {
  push(p: { ts: number; value: number }): { alert: boolean; score: number };
}

function edge(cooldownMs: number) {
  let until = -Infinity;
  return (ts: number, hit: boolean): boolean => {
    if (!hit || ts < until) return false;
    until = ts + cooldownMs;
    return true;
  };
}

/** Fixed threshold: `threshold` × the mean of the first day (the level someone would set by hand at setup). */
export function fixedThreshold(threshold = 3, cooldownMs = 6 * 3_600_000): SimpleDetector {
  const fire = edge(cooldownMs);
  let t0: number | undefined;
  let sum = 0;
  let n = 0;
  return {
    push({ ts, value }) {
      t0 ??= ts;
      if (ts - t0 < 86_400_000) {
        sum += value;
        n += 1;
        return { alert: false, score: 0 };
      }
      const limit = threshold * Math.max(sum / n, 1e-9);
      return { alert: fire(ts, value > limit), score: value / limit };
    },
  };
}

/** Rolling z-score over the last `window` points. */
export function rollingZ(threshold = 3, window = 60, cooldownMs = 6 * 3_600_000): SimpleDetector {
  const fire = edge(cooldownMs);
  const buf: number[] = [];
  return {
    push({ ts, value }) {
      let z = 0;
      if (buf.length >= Math.min(window, 10)) {
        const mean = buf.reduce((a, b) => a + b, 0) / buf.length;
        const sd = Math.sqrt(buf.reduce((a, b) => a + (b - mean) ** 2, 0) / buf.length) || 1;
        z = (value - mean) / sd;
      }
      buf.push(value);
      if (buf.length > window) buf.shift();
      return { alert: fire(ts, z > threshold), score: z };
    },
  };
}

/** EWMA mean and variance (alpha per point), z against them. */
export function ewmaZ(threshold = 3, alpha = 0.05, cooldownMs = 6 * 3_600_000): SimpleDetector {
  const fire = edge(cooldownMs);
  let mean: number | undefined;
  let variance = 1;
  let n = 0;
  return {
    push({ ts, value }) {
      if (mean === undefined) {
        mean = value;
        return { alert: false, score: 0 };
      }
      const z = (value - mean) / Math.sqrt(variance || 1);
      const d = value - mean;
      mean += alpha * d;
      variance = (1 - alpha) * (variance + alpha * d * d);
      n += 1;
      return { alert: fire(ts, n > 30 && z > threshold), score: z };
    },
  };
}

/**
 * Hampel identifier (Hampel 1974; as a streaming outlier test, Pearson 2002): z against the median and the MAD of the
 * last `window` points, the robust counterpart of the rolling z-score.
 */
export function hampel(threshold = 3, window = 288, cooldownMs = 6 * 3_600_000): SimpleDetector {
  const fire = edge(cooldownMs);
  const buf: number[] = [];
  const median = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  return {
    push({ ts, value }) {
      let z = 0;
      if (buf.length >= Math.min(window, 10)) {
        const med = median(buf);
        const mad = 1.4826 * median(buf.map((v) => Math.abs(v - med))) || 1;
        z = (value - med) / mad;
      }
      buf.push(value);
      if (buf.length > window) buf.shift();
      return { alert: fire(ts, z > threshold), score: z };
    },
  };
}
