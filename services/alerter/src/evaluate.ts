import type { FireInput } from '@vakt/alerting/lifecycle';
import type { WatchEvent } from '@vakt/detector/watch-detector';
import type { AlertMention } from '@vakt/schema/alert';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import type { MentionObservation } from '@vakt/detector/watch-detector';

/**
 * Pure mapping between the wire formats and the detector: a scored mention becomes one observation per watch it
 * matched; a detector event becomes the lifecycle's `FireInput` with the dashboard link and a summary on-call staff
 * can read at a glance. Mention text goes into the alert (the receiver needs it) but never into logs.
 */

const SERIES_TEXT: Record<string, string> = {
  negative_count: 'negative mentions',
  negative_share: 'share of negative mentions',
  reach_negativity: 'reach-weighted negativity',
  velocity: 'engagement velocity of one negative post',
};

export function toAlertMention(m: ScoredMention): AlertMention {
  const followers = m.author?.followers ?? 0;
  return {
    id: m.id,
    source: m.source,
    ...(m.url ? { url: m.url } : {}),
    text: m.text.length > 1024 ? `${m.text.slice(0, 1023)}…` : m.text,
    ...(m.author?.handle ? { author: m.author.handle } : {}),
    reach: followers + (m.engagement?.reposts ?? 0) + (m.engagement?.replies ?? 0),
    label: m.sentiment.label,
    score: m.sentiment.score,
    explanation: m.sentiment.explanation.slice(0, 32),
  };
}

/**
 * The detector's view of a scored mention, one object for every watch it matched (the detector neither keeps nor
 * changes it). Only a negative mention's reach, engagement age and alert payload are ever read (MentionObservation),
 * so the payload and the second timestamp parse are built for negatives only: most mentions are not negative.
 */
export function observation(m: ScoredMention): MentionObservation<AlertMention> {
  const at = Date.parse(m.created_at);
  const key = `${m.source}:${m.id}`;
  if (m.sentiment.label !== 'negative') return { key, at, label: m.sentiment.label, text: m.text };
  return {
    key,
    at,
    label: 'negative',
    text: m.text,
    followers: m.author?.followers,
    reposts: m.engagement?.reposts,
    replies: m.engagement?.replies,
    snapshotAgeMs: Date.parse(m.ingested_at) - at,
    payload: toAlertMention(m),
  };
}

/** Dashboard link for one watch around the alert's time (the dashboard reads `watch`, `from`, `to`). */
export function dashboardLink(base: string, watch: string, at: number, fingerprint?: string): string {
  const u = new URL(base.endsWith('/') ? base : `${base}/`);
  u.searchParams.set('watch', watch);
  u.searchParams.set('from', new Date(at - 60 * 60_000).toISOString());
  u.searchParams.set('to', new Date(at + 15 * 60_000).toISOString());
  if (fingerprint) u.searchParams.set('alert', fingerprint);
  return u.toString();
}

const fmt = (x: number): string => (Math.abs(x) >= 10 ? x.toFixed(0) : x.toFixed(1));
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

export function fireInput(watch: string, ev: WatchEvent<AlertMention>, dashboardUrl: string): FireInput {
  const what = SERIES_TEXT[ev.series] ?? ev.series;
  const ratio = ev.expected > 0 ? ev.observed / ev.expected : Infinity;
  const summary =
    ev.series === 'velocity'
      ? `${watch}: a negative post is spreading fast (${fmt(ev.observed)} reposts+replies/min, typical ${fmt(ev.expected)})`
      : ev.series === 'negative_share'
        ? `${watch}: ${what} ${pct(ev.observed)} in ${ev.window} vs ${pct(ev.expected)} usually`
        : `${watch}: ${what} ${fmt(ev.observed)} per ${ev.window} vs ${fmt(ev.expected)} expected${Number.isFinite(ratio) && ratio < 1000 ? ` (×${ratio.toFixed(1)})` : ''}`;
  const terms = ev.surgingTerms.slice(0, 5).map((t) => t.term);
  return {
    watch,
    series: ev.series,
    window: ev.window,
    severity: ev.severity,
    summary,
    ...(terms.length ? { description: `Surging terms: ${terms.join(', ')}` } : {}),
    evidence: {
      window: ev.window,
      observed: ev.observed,
      expected: ev.expected,
      score: Math.min(1, Math.max(0, ev.score)),
      topMentions: ev.topMentions.slice(0, 20),
      surgingTerms: ev.surgingTerms.slice(0, 20),
    },
    generatorURL: dashboardLink(dashboardUrl, watch, ev.at),
    at: ev.at,
  };
}
