/**
 * A storm simulator for negative-mention counts of one watch: daily and weekly rhythm, over-dispersed noise
 * (gamma–Poisson), slow drift of the level, sudden negative outbreaks of different shapes, and benign volume spikes
 * (a launch, a positive news item) where volume jumps but the negative share drops. Deterministic for a seed.
 */

export type StormShape = 'exponential' | 'ramp' | 'burst';

export interface SimEvent {
  kind: 'storm' | 'benign';
  shape: StormShape | 'benign';
  start: number;
  peak: number;
  end: number;
  /** Extra negatives per minute at the peak. */
  amplitude: number;
}

export interface SimSeries {
  name: string;
  stepMs: number;
  points: Array<{ ts: number; value: number; total: number }>;
  events: SimEvent[];
}

export interface SimOptions {
  seed?: number;
  start?: number;
  days?: number;
  stepMs?: number;
  /** Mean mentions per minute (all labels) at level 1 in daytime. */
  mentionsPerMinute?: number;
  /** Baseline negative share. */
  negativeShare?: number;
  /** NB dispersion of the noise (Var = mu + alpha mu²). */
  alpha?: number;
  /** Level multiplier at the end of the series relative to the start (slow drift). */
  drift?: number;
  stormsPerWeek?: number;
  benignPerWeek?: number;
  /** Storm peak amplitude as a multiple of the daytime negative rate: [min, max]. */
  amplitude?: [number, number];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

import { rng } from '@vakt/random/mulberry32';

export { rng };

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(r(), 1e-300))) * Math.cos(2 * Math.PI * r());
}

/** Marsaglia–Tsang gamma(shape, 1). */
function gamma(r: () => number, shape: number): number {
  if (shape < 1) return gamma(r, shape + 1) * Math.pow(r(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(r);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(r()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function poisson(r: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

/** Daily × weekly rhythm: quiet nights, a morning and an evening peak, calmer weekends. */
export function rhythm(ts: number): number {
  const d = new Date(ts);
  const h = d.getUTCHours() + d.getUTCMinutes() / 60;
  const day = 0.15 + 0.85 * Math.exp(-(((h - 10) / 3.5) ** 2)) + 0.6 * Math.exp(-(((h - 20) / 2.5) ** 2));
  const dow = d.getUTCDay();
  return day * (dow === 0 || dow === 6 ? 0.7 : 1);
}

/** Shape of an outbreak at time t (0..1 of its amplitude). */
export function shapeAt(e: SimEvent, t: number): number {
  if (t < e.start || t > e.end) return 0;
  if (e.shape === 'burst' || e.shape === 'benign')
    return t <= e.peak
      ? Math.min(1, (t - e.start) / Math.max(e.peak - e.start, 1))
      : Math.max(0, 1 - (t - e.peak) / Math.max(e.end - e.peak, 1));
  if (e.shape === 'ramp') return t <= e.peak ? (t - e.start) / (e.peak - e.start) : 1 - (t - e.peak) / (e.end - e.peak);
  // Exponential: doubling growth until the peak (the virality we want to catch early), then exponential decay.
  const tau = (e.peak - e.start) / Math.log(50);
  return t <= e.peak ? Math.exp((t - e.peak) / tau) : Math.exp(-(t - e.peak) / (tau * 1.5));
}

function makeEvents(r: () => number, o: Required<SimOptions>): SimEvent[] {
  const events: SimEvent[] = [];
  const weeks = o.days / 7;
  const total = Math.round(o.stormsPerWeek * weeks);
  const benign = Math.round(o.benignPerWeek * weeks);
  // Outbreaks start after 3 days of history (the warm-up) and are spaced so that windows do not overlap.
  const slots: number[] = [];
  const first = o.start + 3 * DAY;
  const span = o.start + o.days * DAY - first - 8 * HOUR;
  for (let tries = 0; slots.length < total + benign && span > 0 && tries < 10_000; tries++) {
    const t = first + Math.floor(r() * span);
    if (slots.every((s) => Math.abs(s - t) > 12 * HOUR)) slots.push(t);
  }
  const shapes: StormShape[] = ['exponential', 'ramp', 'burst'];
  slots.forEach((start, i) => {
    const storm = i < total;
    const shape: StormShape | 'benign' = storm ? shapes[i % 3]! : 'benign';
    const rise =
      shape === 'ramp'
        ? (2 + 2 * r()) * HOUR
        : shape === 'exponential'
          ? (30 + 60 * r()) * MINUTE
          : shape === 'burst'
            ? (3 + 7 * r()) * MINUTE
            : (10 + 20 * r()) * MINUTE;
    const fall =
      shape === 'ramp'
        ? (1 + r()) * HOUR
        : shape === 'exponential'
          ? rise * 3
          : shape === 'burst'
            ? (10 + 10 * r()) * MINUTE
            : HOUR;
    const [lo, hi] = o.amplitude;
    const amp = lo + (hi - lo) * r();
    events.push({
      kind: storm ? 'storm' : 'benign',
      shape,
      start: start,
      peak: start + rise,
      end: start + rise + fall,
      amplitude: amp * o.mentionsPerMinute * o.negativeShare,
    });
  });
  return events.sort((a, b) => a.start - b.start);
}

/** Generates one watch's negative-count series with its ground truth. */
export function simulate(name: string, options: SimOptions = {}): SimSeries {
  const o: Required<SimOptions> = {
    seed: 1,
    start: Date.UTC(2026, 0, 5),
    days: 28,
    stepMs: MINUTE,
    mentionsPerMinute: 6,
    negativeShare: 0.2,
    alpha: 0.08,
    drift: 1.5,
    stormsPerWeek: 1.5,
    benignPerWeek: 1,
    amplitude: [2, 8],
    ...options,
  };
  const r = rng(o.seed);
  const events = makeEvents(r, o);
  const points: SimSeries['points'] = [];
  const n = Math.floor((o.days * DAY) / o.stepMs);
  const perStep = o.stepMs / MINUTE;
  for (let i = 0; i < n; i++) {
    const ts = o.start + i * o.stepMs;
    const level = Math.pow(o.drift, i / n);
    let volume = o.mentionsPerMinute * level * rhythm(ts);
    let share = o.negativeShare;
    let stormNeg = 0;
    for (const e of events) {
      const s = shapeAt(e, ts);
      if (s <= 0) continue;
      if (e.kind === 'storm') stormNeg += e.amplitude * level * s;
      else {
        // Benign: volume triples, but people are happy: the negative share halves.
        volume *= 1 + 2 * s;
        share *= 1 - 0.5 * s;
      }
    }
    const mix = (mu: number) => (mu <= 0 ? 0 : poisson(r, mu * gamma(r, 1 / o.alpha) * o.alpha));
    const neg = mix((volume * share + stormNeg) * perStep);
    const other = mix(volume * (1 - share) * perStep);
    points.push({ ts, value: neg, total: neg + other });
  }
  return { name, stepMs: o.stepMs, points, events };
}
