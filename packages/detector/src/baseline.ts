/**
 * A seasonal, drift-adapting baseline for one count series: expected = level × hourOfDay[h] × dayOfWeek[d],
 * plus a negative-binomial dispersion alpha (Var = mu + alpha·mu²). Multiplicative Holt–Winters in spirit, but
 * every gain is defined in *time* (half-lives in hours/days), not in points, so the same defaults hold for a
 * 1-minute and a 30-minute series. Updates are winsorised around the current expectation so an outbreak does not
 * teach the baseline that outbreaks are normal; a lasting level shift still wins after a few hours because the
 * clipped update keeps pushing the level the same way.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface BaselineOptions {
  /** Half-life of the deseasonalised level. Long memory: mention volume at 09:00 is compared with recent days. */
  levelHalfLifeMs?: number;
  /** Memory of the hour-of-day profile, in days of observations per bin. */
  dailyMemoryDays?: number;
  /** Memory of the day-of-week profile, in weeks. */
  weeklyMemoryWeeks?: number;
  /** Half-life of the dispersion estimate. */
  dispersionHalfLifeMs?: number;
  /** Residuals beyond this many standard deviations are clipped before updating (robustness to bursts). */
  clipSigmas?: number;
}

export interface BaselineSnapshot {
  level: number;
  alpha: number;
  daily: number[];
  weekly: number[];
}

/**
 * Each profile bin starts at factor 1 with the weight of one hour of observations (a day for day-of-week bins), so
 * the first minutes of a new hour do not set its factor from one or two noisy points.
 */
const PRIOR_MS = 15 * 60_000;
const FACTOR_MIN = 0.02;
const FACTOR_MAX = 50;
const clampFactor = (f: number): number => Math.min(FACTOR_MAX, Math.max(FACTOR_MIN, f));
/** Gain of an EWMA with half-life `h` after `dt` elapsed. */
const gain = (dt: number, h: number): number => 1 - Math.pow(2, -dt / h);

export class SeasonalBaseline {
  private readonly o: Required<BaselineOptions>;
  private level = 0;
  private alpha = 0.25; // sceptical prior: early on, only large excesses are significant
  private alphaWeight = 0;
  private readonly daily = new Float64Array(24).fill(1);
  private readonly dailyTime = new Float64Array(24);
  private readonly weekly = new Float64Array(7).fill(1);
  private readonly weeklyTime = new Float64Array(7);
  /** Hour-of-week residual (Saturday 03:00 is not Tuesday 03:00), on top of daily × weekly. */
  private readonly howAdj = new Float64Array(168).fill(1);
  private readonly howTime = new Float64Array(168);
  private observedTime = 0;
  private n = 0;

  constructor(options: BaselineOptions = {}) {
    this.o = {
      levelHalfLifeMs: options.levelHalfLifeMs ?? 12 * HOUR,
      dailyMemoryDays: options.dailyMemoryDays ?? 10,
      weeklyMemoryWeeks: options.weeklyMemoryWeeks ?? 4,
      dispersionHalfLifeMs: options.dispersionHalfLifeMs ?? 4 * DAY,
      clipSigmas: options.clipSigmas ?? 3,
    };
  }

  /** Points seen so far. */
  get count(): number {
    return this.n;
  }
  /** Total time covered (ms). */
  get span(): number {
    return this.observedTime;
  }
  /** The deseasonalised level: the series' "own level" that minimum support is relative to. */
  get typicalLevel(): number {
    return this.level;
  }
  get dispersion(): number {
    return this.alpha;
  }

  private season(ts: number): number {
    const d = new Date(ts);
    const h = d.getUTCHours();
    const dow = d.getUTCDay();
    return this.daily[h]! * this.weekly[dow]! * this.howAdj[dow * 24 + h]!;
  }

  /** Expected value at `ts` (before seeing it). */
  expected(ts: number): number {
    return this.level * this.season(ts);
  }

  /** Standard deviation of the NB around `mu`. */
  sd(mu: number): number {
    return Math.sqrt(Math.max(mu + this.alpha * mu * mu, 1e-12));
  }

  /** Learns from one observation covering `dt` ms. Call after scoring it. */
  update(ts: number, x: number, dt: number): void {
    const d = new Date(ts);
    const h = d.getUTCHours();
    const dow = d.getUTCDay();
    this.n += 1;
    this.observedTime += dt;
    if (this.n === 1) {
      this.level = Math.max(x, 1e-9);
      return;
    }
    const mu = Math.max(this.expected(ts), 1e-9);
    const lim = this.o.clipSigmas * this.sd(mu);
    const xc = Math.min(Math.max(x, mu - lim), mu + lim);

    // Dispersion: method-of-moments sample ((x−mu)² − mu)/mu², on a wider clip (heavy tails must widen it, but one
    // monster burst must not blow it up). Equal weights while young, then a time half-life.
    const wide = 2 * lim;
    const r = Math.min(Math.max(x - mu, -wide), wide);
    const sample = Math.min((r * r - mu) / (mu * mu), 25);
    this.alphaWeight += 1;
    const ga = Math.max(gain(dt, this.o.dispersionHalfLifeMs), 1 / this.alphaWeight);
    this.alpha = Math.max(0.002, this.alpha + ga * (sample - this.alpha));

    const s = this.season(ts);
    const gl = Math.max(gain(dt, this.o.levelHalfLifeMs), 1 / this.n);
    this.level = Math.max(1e-9, this.level + gl * (xc / s - this.level));

    // Profiles: each bin learns from its own observations; the first day/week averages with equal weights.
    this.dailyTime[h]! += dt;
    const gd = Math.max(gain(dt, this.o.dailyMemoryDays * HOUR), dt / (this.dailyTime[h]! + PRIOR_MS));
    const targetD = xc / Math.max(this.level * this.weekly[dow]! * this.howAdj[dow * 24 + h]!, 1e-9);
    this.daily[h] = clampFactor(this.daily[h]! + gd * (targetD - this.daily[h]!));
    this.weeklyTime[dow]! += dt;
    const gw = Math.max(gain(dt, this.o.weeklyMemoryWeeks * DAY), dt / (this.weeklyTime[dow]! + 24 * PRIOR_MS));
    // The weekly profile is only trusted once a full week exists; before that it would absorb daily noise.
    if (this.observedTime >= 7 * DAY) {
      const targetW = xc / Math.max(this.level * this.daily[h]! * this.howAdj[dow * 24 + h]!, 1e-9);
      this.weekly[dow] = clampFactor(this.weekly[dow]! + gw * (targetW - this.weekly[dow]!));
      const b = dow * 24 + h;
      this.howTime[b]! += dt;
      const gh = Math.max(gain(dt, this.o.weeklyMemoryWeeks * HOUR), dt / (this.howTime[b]! + PRIOR_MS));
      const targetH = xc / Math.max(this.level * this.daily[h]! * this.weekly[dow]!, 1e-9);
      this.howAdj[b] = clampFactor(this.howAdj[b]! + gh * (targetH - this.howAdj[b]!));
    }
  }

  snapshot(): BaselineSnapshot {
    return { level: this.level, alpha: this.alpha, daily: [...this.daily], weekly: [...this.weekly] };
  }
}
