/**
 * When a series' anomaly is worth paging someone. Each series detector (count, share, reach) decides that its
 * window is *unusual*; this policy decides whether that is *enough*, the same way for every series of a watch:
 *
 * 1. **Absolute support**: the anomaly must rest on at least `minSupport` negative mentions, over the evidence windows,
 *    beyond what the baseline could plausibly produce (its expectation's 99.9 % Poisson upper bound, so sampling
 *    noise of a big watch is not support). A ratio alone is never enough: 3 negatives where 0.1 were expected is ×30
 *    and still three posts.
 * 2. **Cold start**: a watch younger than `coldStartMs` (event time since its first window) has a baseline that
 *    cannot be trusted yet, least of all its near-zero expectations. It pages only on overwhelming evidence: the
 *    support must be up to 3× larger, and the window's negatives up to 10× the *upper* 99.9 % bound of the watch's
 *    mean so far (not the seasonal expectation, which may be near zero). Both factors fall linearly to 1 as the
 *    baseline matures, and the event says how old the baseline was. A young watch's records are short as well, so
 *    its series must beat them by the log of the support factor.
 *
 * Whether a burst is bigger than the watch's ordinary bursts (mention streams are heavy-tailed) is the series
 * detector's question, not this policy's: the count series run the record detector of `vakt detect`.
 */
export interface PagePolicyOptions {
  /** Negative mentions above the baseline, over the evidence windows, before any series may page. */
  minSupport?: number;
  /** A watch whose history is shorter than this (ms of event time) needs overwhelming evidence. */
  coldStartMs?: number;
}

/** Strictness of the cold-start rule at the start of a watch's life (ratio, support). */
const COLD_RATIO = 10;
const COLD_SUPPORT = 3;
/** z of the one-sided 99.9 % Poisson upper bound. */
const Z_UPPER = 3.09;

export const PAGE_POLICY_DEFAULTS: Required<PagePolicyOptions> = { minSupport: 8, coldStartMs: 7 * 24 * 3_600_000 };

/**
 * Upper one-sided confidence bound of a Poisson mean given `s` events observed (Wilson–Hilferty approximation of
 * ½·χ²(2s+2)), so a watch that has seen nothing yet still has a finite, honest "could be this high" rate.
 */
export function poissonUpper(s: number): number {
  const k = s + 1;
  return k * Math.pow(1 - 1 / (9 * k) + Z_UPPER / (3 * Math.sqrt(k)), 3);
}

export interface ColdStart {
  /** Event time covered by the watch's history so far. */
  ageMs: number;
  /** True while younger than `coldStartMs`. */
  cold: boolean;
  /** Multiplier on the bar for ratios (1 when mature, up to 10 at birth). */
  ratio: number;
  /** Multiplier on minimum support (1 when mature, up to 3 at birth). */
  support: number;
}

/**
 * The watch's calm history: negatives per window outside storms, for the cold-start bound. Windows inside an open
 * episode of any series are left out, so a storm's own rising edge does not raise the bar it must clear.
 */
export function createPagePolicy(options: PagePolicyOptions = {}) {
  const o = { ...PAGE_POLICY_DEFAULTS, ...options };
  let firstStart: number | undefined;
  let lastEnd = 0;
  let calmWindows = 0;
  let calmNegatives = 0;

  return {
    options: o as Readonly<Required<PagePolicyOptions>>,
    /** Records one closed window; `calm` when no series was in an episode (only calm windows teach the bound). */
    window(start: number, end: number, negatives: number, calm: boolean): void {
      firstStart ??= start;
      lastEnd = Math.max(lastEnd, end);
      if (!calm) return;
      // Winsorised at the current upper bound: the rising edge of a storm no detector has noticed yet must not
      // raise the bar that storm has to clear.
      const upper = this.upperNegativesPerWindow();
      calmWindows += 1;
      calmNegatives += Math.min(negatives, 3 * upper);
    },
    coldStart(): ColdStart {
      const ageMs = firstStart === undefined ? 0 : lastEnd - firstStart;
      const youth = o.coldStartMs > 0 ? Math.max(0, 1 - ageMs / o.coldStartMs) : 0;
      return { ageMs, cold: youth > 0, ratio: 1 + (COLD_RATIO - 1) * youth, support: 1 + (COLD_SUPPORT - 1) * youth };
    },
    /** Upper bound of negatives per window from the calm history (a floor for near-zero expectations). */
    upperNegativesPerWindow(): number {
      return poissonUpper(calmNegatives) / Math.max(calmWindows, 1);
    },
    /**
     * Whether a window-series anomaly may page. `support`: negatives above the baseline over the evidence windows;
     * `negatives`/`expectedNegatives`: this window's count and the baseline from before the episode (only the
     * cold-start ratio reads them). The ratio applies to the share too: at a steady volume, a share that rises k-fold
     * is k times the negatives, so "overwhelming" means the same for every series. `recordExcess`: by how much (log
     * units) the series' surprise beat its record in this window (the record detector's verdict); a young watch's
     * records are short, so it must beat them by the log of the support factor as well (up to ln 3).
     */
    allows(a: { support: number; negatives: number; expectedNegatives: number; recordExcess: number }): boolean {
      const c = this.coldStart();
      if (a.support < o.minSupport * c.support) return false;
      if (!c.cold) return true;
      if (a.recordExcess < Math.log(c.support)) return false;
      // Against the larger of the expectation from before the episode and the calm history's upper bound (a young
      // expectation can be near zero).
      return a.negatives >= c.ratio * Math.max(a.expectedNegatives, this.upperNegativesPerWindow());
    },
  };
}

export type PagePolicy = ReturnType<typeof createPagePolicy>;
