import type { Result } from '@vakt/errors/result';
import type { ScoredMention } from '@vakt/schema/scored-mention';
import type { StoreClient } from '@vakt/store/client';
import { queryBreakdown, queryTimeline } from '@vakt/store/tables/rollups';
import { queryMentions, type MentionRecord } from '@vakt/store/tables/mentions';
import { correctLabel, correctionsFor, queryCorrections } from '@vakt/store/tables/label-corrections';
import { TermTracker } from '@vakt/detector/terms';
import type { DashboardStore } from './deps.js';

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}

/** A stored mention back in the wire format the dashboard renders (one watch's view of it). */
export function toScoredMention(r: MentionRecord): ScoredMention {
  return {
    schemaVersion: 1,
    id: r.id,
    source: r.source,
    text: r.text,
    created_at: r.createdAt,
    ingested_at: r.ingestedAt,
    ...(r.url ? { url: r.url } : {}),
    ...(r.lang ? { lang: r.lang } : {}),
    author: {
      ...(r.author ? { handle: r.author } : {}),
      ...(r.authorId ? { id: r.authorId } : {}),
      followers: r.authorFollowers,
    },
    engagement: r.engagement,
    matches: [{ watch: r.watch, entities: r.entities }],
    sentiment: {
      label: r.label,
      score: r.score,
      confidence: r.confidence,
      lang: r.lang,
      p_neg: r.pNeg,
      p_neu: r.pNeu,
      p_pos: r.pPos,
      model: r.model,
      disagreement: r.disagreement,
      explanation: r.explanation,
    },
    scored_at: r.scoredAt,
  };
}

/**
 * The dashboard's read side over `@vakt/store`: rollups for the timeline and breakdowns (correct before merges),
 * FINAL reads for mention lists, and surging terms computed from the window's texts against the six windows before.
 */
export function createDashboardStore(store: StoreClient, listWatches: () => string[]): DashboardStore {
  const timeline = queryTimeline(store);
  const breakdown = queryBreakdown(store);
  const mentions = queryMentions(store);
  const listCorrections = queryCorrections(store);
  const marksFor = correctionsFor(store);
  return {
    async timeline(q) {
      const points = unwrap(await timeline({ watch: q.watch, from: q.from, to: q.to, step: q.step }));
      // avgScore here is net sentiment, (positive − negative) / total: the rollups keep counts by label, not scores.
      return points.map((p) => ({
        t: Date.parse(p.t),
        total: p.total,
        negative: p.negative,
        neutral: p.neutral,
        positive: p.positive,
        avgScore: p.total ? (p.positive - p.negative) / p.total : 0,
      }));
    },
    async breakdown(q) {
      const rows = unwrap(await breakdown({ watch: q.watch, by: q.by, from: q.from, to: q.to, limit: q.limit }));
      return rows.map((r) => ({ key: r.key, total: r.total, negative: r.negative }));
    },
    async mentions(q) {
      // No watch means every watch (the all-watches view and the watch preview): one bounded query per watch, merged.
      if (!q.watch) {
        const per = await Promise.all(listWatches().map((watch) => this.mentions({ ...q, watch })));
        const key = (m: ScoredMention): number =>
          q.order === 'reach' ? (m.author?.followers ?? 0) : Date.parse(m.created_at);
        return per
          .flat()
          .sort((a, b) => key(b) - key(a))
          .slice(0, q.limit);
      }
      const rows = unwrap(
        await mentions({
          watch: q.watch,
          ...(q.entity ? { entity: q.entity } : {}),
          ...(q.label ? { label: q.label } : {}),
          ...(q.lang ? { lang: q.lang } : {}),
          ...(q.source ? { source: q.source } : {}),
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          orderBy: q.order,
          limit: q.limit,
        }),
      );
      return rows.map(toScoredMention);
    },
    async surgingTerms(q) {
      const span = Math.max(60_000, q.to - q.from);
      const [recent, before] = await Promise.all([
        mentions({ watch: q.watch, from: q.from, to: q.to, limit: 1000 }),
        mentions({ watch: q.watch, from: q.from - 6 * span, to: q.from, limit: 1000 }),
      ]);
      const tracker = new TermTracker({ baselineDocs: 5000 });
      for (const m of unwrap(before)) tracker.observe(m.text);
      return tracker.surging(
        unwrap(recent).map((m) => m.text),
        q.limit,
      );
    },
    async correctLabel({ at, ...req }) {
      return unwrap(await correctLabel(store, { now: () => at })(req));
    },
    async corrections(q) {
      return unwrap(
        await listCorrections({
          ...(q.watch ? { watch: q.watch } : {}),
          ...(q.since !== undefined ? { since: q.since } : {}),
          limit: q.limit,
        }),
      );
    },
    async correctionsFor(watch, keys) {
      return unwrap(await marksFor(watch, keys));
    },
  };
}
