import { s } from './dom.js';
import type { TimelinePoint } from './api.js';

export const STEP_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type Step = keyof typeof STEP_MS;

/** Fills empty buckets so bars sit at their true time; the store may omit empty buckets. */
export function fillBuckets(points: TimelinePoint[], from: number, to: number, step: Step): TimelinePoint[] {
  const size = STEP_MS[step];
  const byT = new Map(points.map((p) => [p.t, p]));
  const out: TimelinePoint[] = [];
  // Never more buckets than the server allows (2000): a bad range must not freeze the tab.
  const first = Math.max(Math.floor(from / size) * size, Math.floor(to / size) * size - 1999 * size);
  for (let t = first; t < to; t += size)
    out.push(byT.get(t) ?? { t, total: 0, negative: 0, neutral: 0, positive: 0, avgScore: 0 });
  return out;
}

/**
 * The chart's start: the first bucket with data (less a little room), so a watch with ten minutes of data fills the
 * chart instead of sitting in the right-hand sliver of a two-hour span. At least `minBuckets` buckets are shown and
 * never more than the requested span.
 */
export function fitFrom(points: TimelinePoint[], from: number, to: number, step: Step, minBuckets = 10): number {
  const size = STEP_MS[step];
  const first = points.reduce((m, p) => (p.total > 0 && p.t >= from && p.t < to ? Math.min(m, p.t) : m), Infinity);
  if (first === Infinity) return from;
  const fitted = Math.min(first - 2 * size, to - minBuckets * size);
  return Math.max(from, Math.floor(fitted / size) * size);
}

/** A round step for about `n` intervals up to `max` (1, 2, 5 × 10^k). */
function niceStep(max: number, n: number): number {
  const raw = Math.max(max / n, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((x) => x >= raw) ?? raw;
}

export interface ChartOptions {
  /** Accessible name of the chart. */
  label: string;
  /** Axis titles: counts on the left ("Mentions per minute"), the negative share on the right. */
  countAxis: string;
  shareAxis: string;
  /** Formats a bucket's start for the time axis and the bars' tooltips. */
  time: (ms: number) => string;
  /** Formats a count and a share for the axes. */
  num: (n: number) => string;
  pct: (x: number) => string;
  /** Pixel width the chart will be shown at (its container's), so text is not stretched. */
  width?: number;
  /** An alert's start: a dashed vertical line. */
  marker?: number;
}

/**
 * Stacked bars (negative at the bottom, where the eye starts) with a count axis on the left, the negative-share line
 * with its own 0–100 % axis on the right, and time ticks below. One SVG built from elements (no markup strings).
 */
export function timelineChart(points: TimelinePoint[], o: ChartOptions): SVGSVGElement {
  const W = Math.max(320, Math.round(o.width || 1000));
  const H = 260;
  const L = 52; // left: count ticks
  const R = 48; // right: share ticks
  const T = 22; // top: axis titles
  const B = 24; // bottom: time ticks
  const plotW = W - L - R;
  const plotH = H - T - B;
  const maxTotal = points.reduce((m, p) => Math.max(m, p.total), 0);
  const tickStep = niceStep(maxTotal, 4);
  const max = Math.max(tickStep, Math.ceil(maxTotal / tickStep) * tickStep);
  const bw = plotW / Math.max(points.length, 1);
  const y = (v: number): number => T + plotH - (v / max) * plotH;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': o.label });
  svg.append(s('text', { x: 2, y: 14, class: 'tick title' }, o.countAxis));
  svg.append(s('text', { x: W - 2, y: 14, class: 'tick title end share-title' }, o.shareAxis));
  for (let v = 0; v <= max; v += tickStep) {
    svg.append(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v ? 'gridline' : 'axis' }));
    svg.append(s('text', { x: L - 6, y: y(v) + 4, class: 'tick end' }, o.num(v)));
  }
  for (const v of [0, 0.5, 1])
    svg.append(s('text', { x: W - R + 6, y: T + plotH - v * plotH + 4, class: 'tick share-tick' }, o.pct(v)));
  svg.append(s('line', { x1: W - R, x2: W - R, y1: T, y2: T + plotH, class: 'axis share-axis' }));
  points.forEach((p, i) => {
    const x = L + i * bw;
    let base = y(0);
    for (const k of ['negative', 'neutral', 'positive'] as const) {
      if (!p[k]) continue;
      const top = base - (p[k] / max) * plotH;
      svg.append(
        s(
          'rect',
          { x: x + bw * 0.1, y: top, width: Math.max(bw * 0.8, 1), height: base - top, class: `bar ${k}` },
          s('title', {}, `${o.time(p.t)} · ${k}: ${o.num(p[k])}`),
        ),
      );
      base = top;
    }
  });
  // Buckets with fewer than 3 mentions are skipped: a share of 1 of 1 is noise, not a trend.
  const share = points.map((p, i) => ({ x: L + i * bw + bw / 2, v: p.total >= 3 ? p.negative / p.total : undefined }));
  const d = share
    .filter((p) => p.v !== undefined)
    .map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${(T + plotH - p.v! * plotH).toFixed(1)}`)
    .join(' ');
  if (d) svg.append(s('path', { d, class: 'share' }));
  if (o.marker !== undefined && points.length) {
    const first = points[0]!.t;
    const step = points.length > 1 ? points[1]!.t - first : 60_000;
    const mx = L + ((o.marker - first) / step) * bw;
    if (mx >= L && mx <= W - R) svg.append(s('line', { x1: mx, x2: mx, y1: T, y2: T + plotH, class: 'marker' }));
  }
  // Time ticks about every 170 px; the first and last are always labelled.
  const every = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(plotW / 170))));
  points.forEach((p, i) => {
    if (i % every !== 0 || (i > 0 && points.length - 1 - i < every / 2)) return;
    svg.append(s('text', { x: L + i * bw, y: H - 6, class: 'tick' }, o.time(p.t)));
  });
  if (points.length > 1)
    svg.append(s('text', { x: W - R, y: H - 6, class: 'tick end' }, o.time(points[points.length - 1]!.t)));
  return svg;
}

/** A horizontal bar for breakdown rows: total in grey, its negative part in red. */
export function barRow(total: number, negative: number, max: number): SVGSVGElement {
  const W = 100;
  const svg = s('svg', { viewBox: `0 0 ${W} 10`, class: 'hbar', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
  svg.append(s('rect', { x: 0, y: 0, width: (total / Math.max(max, 1)) * W, height: 10, class: 'bar total' }));
  svg.append(s('rect', { x: 0, y: 0, width: (negative / Math.max(max, 1)) * W, height: 10, class: 'bar negative' }));
  return svg;
}
