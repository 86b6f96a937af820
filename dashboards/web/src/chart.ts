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
  for (let t = first; t < to; t += size) out.push(byT.get(t) ?? { t, total: 0, negative: 0, neutral: 0, positive: 0, avgScore: 0 });
  return out;
}

/**
 * Stacked bars (negative at the bottom, where the eye starts) plus the negative-share line, as one SVG built from
 * elements. `marker` draws a vertical line (an alert's start) when given.
 */
export function timelineChart(points: TimelinePoint[], opts: { label: string; marker?: number; expected?: number } = { label: '' }): SVGSVGElement {
  const W = 1000;
  const H = 260;
  const PAD = 28;
  const max = points.reduce((m, p) => Math.max(m, p.total), 1);
  const bw = (W - PAD) / Math.max(points.length, 1);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': opts.label, preserveAspectRatio: 'none' });
  svg.append(s('line', { x1: PAD, x2: W, y1: H - PAD, y2: H - PAD, class: 'axis' }));
  svg.append(s('text', { x: 2, y: PAD - 8, class: 'tick' }, String(max)));
  points.forEach((p, i) => {
    const x = PAD + i * bw;
    let base = H - PAD;
    for (const k of ['negative', 'neutral', 'positive'] as const) {
      if (!p[k]) continue;
      const hgt = (p[k] / max) * (H - 2 * PAD);
      const top = base - hgt;
      svg.append(s('rect', { x: x + bw * 0.1, y: top, width: Math.max(bw * 0.8, 1), height: hgt, class: `bar ${k}` }, s('title', {}, `${new Date(p.t).toISOString()} ${k}: ${p[k]}`)));
      base = top;
    }
  });
  // Negative share on its own 0–100 % scale.
  // Buckets with fewer than 3 mentions are skipped: a share of 1 of 1 is noise, not a trend.
  const share = points.map((p, i) => ({ x: PAD + i * bw + bw / 2, v: p.total >= 3 ? p.negative / p.total : undefined }));
  const d = share.filter((p) => p.v !== undefined).map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${(H - PAD - p.v! * (H - 2 * PAD)).toFixed(1)}`).join(' ');
  if (d) svg.append(s('path', { d, class: 'share' }));
  if (opts.marker !== undefined && points.length) {
    const first = points[0]!.t;
    const step = points.length > 1 ? points[1]!.t - first : 60_000;
    const mx = PAD + ((opts.marker - first) / step) * bw;
    if (mx >= PAD && mx <= W) svg.append(s('line', { x1: mx, x2: mx, y1: 0, y2: H - PAD, class: 'marker' }));
  }
  const last = points[points.length - 1];
  if (points.length) {
    svg.append(s('text', { x: PAD, y: H - 8, class: 'tick' }, new Date(points[0]!.t).toLocaleString()));
    svg.append(s('text', { x: W - 4, y: H - 8, class: 'tick end' }, new Date(last!.t).toLocaleString()));
  }
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
