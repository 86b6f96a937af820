import type { ScoredMention } from '@vakt/schema/scored-mention';
import { mentionKey } from '@vakt/store/tables/label-corrections';
import type { BreakdownRow, DashboardStore, LabelCorrection, MentionQuery, Step, TimelinePoint } from '../deps.js';

const STEP_MS: Record<Step, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Author followers plus engagement: the "reach" the most-reaching list sorts by. */
export function reachOf(m: ScoredMention): number {
  const e = m.engagement ?? {};
  return (m.author?.followers ?? 0) + (e.reposts ?? 0) * 10 + (e.quotes ?? 0) * 10 + (e.replies ?? 0) + (e.likes ?? 0);
}

const WORD = /[\p{L}][\p{L}\p{N}-]{3,}/gu;

/**
 * A DashboardStore over a bounded in-memory ring of recent mentions (oldest dropped first). For embedded demo mode,
 * browser tests and the load script; production reads the ClickHouse rollups through `@vakt/store`.
 */
export function createMemoryStore(
  opts: { capacity?: number } = {},
): DashboardStore & { add(m: ScoredMention): void; size(): number } {
  const capacity = opts.capacity ?? 50_000;
  const ring: ScoredMention[] = [];
  // Corrections outlive the ring (as in ClickHouse they outlive retention): keyed watch, source, id.
  const corrections = new Map<string, LabelCorrection>();
  const correctionKey = (watch: string, source: string, id: string): string =>
    `${watch}\u0000${mentionKey(source, id)}`;
  const t = (m: ScoredMention): number => Date.parse(m.created_at);
  const inWatch = (m: ScoredMention, watch: string | undefined): boolean =>
    !watch || m.matches.some((x) => x.watch === watch);
  const between = (m: ScoredMention, from?: number, to?: number): boolean =>
    (from === undefined || t(m) >= from) && (to === undefined || t(m) < to);

  const select = (q: MentionQuery): ScoredMention[] =>
    ring.filter(
      (m) =>
        inWatch(m, q.watch) &&
        between(m, q.from, q.to) &&
        (!q.entity || m.matches.some((x) => (!q.watch || x.watch === q.watch) && x.entities.includes(q.entity!))) &&
        (!q.label || m.sentiment.label === q.label) &&
        (!q.lang || m.sentiment.lang === q.lang) &&
        (!q.source || m.source === q.source),
    );

  const termCounts = (ms: ScoredMention[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const m of ms)
      for (const w of new Set(m.text.toLowerCase().match(WORD) ?? [])) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  };

  return {
    add(m) {
      ring.push(m);
      if (ring.length > capacity) ring.splice(0, ring.length - capacity);
    },
    size: () => ring.length,
    async timeline({ watch, from, to, step }) {
      const size = STEP_MS[step];
      const buckets = new Map<number, TimelinePoint & { sum: number }>();
      for (const m of ring) {
        if (!inWatch(m, watch) || !between(m, from, to)) continue;
        const k = Math.floor(t(m) / size) * size;
        let b = buckets.get(k);
        if (!b) buckets.set(k, (b = { t: k, total: 0, negative: 0, neutral: 0, positive: 0, avgScore: 0, sum: 0 }));
        b.total += 1;
        b[m.sentiment.label] += 1;
        b.sum += m.sentiment.score;
      }
      return [...buckets.values()]
        .sort((a, b) => a.t - b.t)
        .map(({ sum, ...p }) => ({ ...p, avgScore: p.total ? sum / p.total : 0 }));
    },
    async breakdown({ watch, from, to, by, limit }) {
      const rows = new Map<string, BreakdownRow>();
      const bump = (key: string, neg: boolean): void => {
        const r = rows.get(key) ?? { key, total: 0, negative: 0 };
        r.total += 1;
        if (neg) r.negative += 1;
        rows.set(key, r);
      };
      for (const m of ring) {
        if (!inWatch(m, watch) || !between(m, from, to)) continue;
        const neg = m.sentiment.label === 'negative';
        if (by === 'source') bump(m.source, neg);
        else if (by === 'lang') bump(m.sentiment.lang, neg);
        else for (const x of m.matches) if (x.watch === watch) for (const e of x.entities) bump(e, neg);
      }
      return [...rows.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)).slice(0, limit);
    },
    async mentions(q) {
      const hits = select(q);
      if (q.order === 'reach') hits.sort((a, b) => reachOf(b) - reachOf(a) || t(b) - t(a));
      else hits.sort((a, b) => t(b) - t(a));
      return hits.slice(0, q.limit);
    },
    async surgingTerms({ watch, from, to, limit }) {
      // Baseline: the six windows before [from, to); weight = recent count vs the baseline's per-window mean.
      const span = to - from;
      const recent = termCounts(ring.filter((m) => inWatch(m, watch) && between(m, from, to)));
      const base = termCounts(ring.filter((m) => inWatch(m, watch) && between(m, from - 6 * span, from)));
      return [...recent]
        .filter(([, c]) => c >= 3)
        .map(([term, c]) => ({ term, weight: (c + 1) / ((base.get(term) ?? 0) / 6 + 1) }))
        .filter((x) => x.weight > 1)
        .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
        .slice(0, limit);
    },
    async correctLabel({ watch, source, id, label, by, at }) {
      // The latest scoring of the mention, as FINAL would read it.
      const m = ring.findLast((x) => x.source === source && x.id === id && inWatch(x, watch));
      if (!m) return undefined;
      const c: LabelCorrection = {
        watch,
        source,
        id,
        label,
        modelLabel: m.sentiment.label,
        modelScore: m.sentiment.score,
        model: m.sentiment.model,
        text: m.text,
        lang: m.sentiment.lang,
        createdAt: m.created_at,
        correctedBy: by,
        correctedAt: new Date(at).toISOString(),
      };
      const k = correctionKey(watch, source, id);
      const prev = corrections.get(k);
      if (!prev || prev.correctedAt <= c.correctedAt) corrections.set(k, c);
      return c;
    },
    async corrections({ watch, since, limit }) {
      return [...corrections.values()]
        .filter((c) => (!watch || c.watch === watch) && (since === undefined || Date.parse(c.correctedAt) >= since))
        .sort((a, b) => b.correctedAt.localeCompare(a.correctedAt))
        .slice(0, limit);
    },
    async correctionsFor(watch, keys) {
      const out = new Map<string, LabelCorrection>();
      for (const k of keys) {
        const c = corrections.get(correctionKey(watch, k.source, k.id));
        if (c) out.set(mentionKey(k.source, k.id), c);
      }
      return out;
    },
  };
}
