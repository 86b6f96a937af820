import { ALERT_LANGUAGES, explain, summarise, type AlertLanguage } from '@vakt/alerting/explain';
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

/**
 * The lifecycle's input for one detector event. `summary`/`description` are in `language` (what receivers show);
 * `summary_<lang>`/`description_<lang>` carry every language, so the dashboard shows the one its UI uses. The
 * description is the "why": observed vs expected, support, the baseline's age (and the cold-start rule when it
 * applied), surging terms and top mentions.
 */
export function fireInput(
  watch: string,
  ev: WatchEvent<AlertMention>,
  dashboardUrl: string,
  language: AlertLanguage = 'sv',
): FireInput {
  const facts = { ...ev, watch };
  const annotations: Record<string, string> = {};
  for (const lang of ALERT_LANGUAGES) {
    annotations[`summary_${lang}`] = summarise(facts, lang);
    annotations[`description_${lang}`] = explain(facts, lang);
  }
  return {
    watch,
    series: ev.series,
    window: ev.window,
    severity: ev.severity,
    summary: annotations[`summary_${language}`]!,
    description: annotations[`description_${language}`]!,
    annotations,
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
