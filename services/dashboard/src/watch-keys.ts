import type { AlertActions, AlertState, BreakdownRow, DashboardStore, TimelinePoint } from './deps.js';

/**
 * The keys a watch id's rows and alerts are stored under (`storedKeys` in @vakt/watch): its id, plus its name for
 * data written before watches had ids. One key for almost every watch; reads then cost what they did.
 */
export type WatchKeys = (id: string) => readonly string[];

const sum = (a: TimelinePoint, b: TimelinePoint): TimelinePoint => {
  const total = a.total + b.total;
  const positive = a.positive + b.positive;
  const negative = a.negative + b.negative;
  return {
    t: a.t,
    total,
    negative,
    neutral: a.neutral + b.neutral,
    positive,
    avgScore: total ? (positive - negative) / total : 0,
  };
};

/**
 * A `DashboardStore` whose per-watch reads cover every stored key of the watch: timelines and breakdowns add up,
 * mention lists merge in their order, a correction finds its mention under whichever key it was stored.
 */
export function storeAcrossKeys(store: DashboardStore, keysOf: WatchKeys): DashboardStore {
  const each = async <T>(watch: string, read: (key: string) => Promise<T>): Promise<T[]> =>
    Promise.all(keysOf(watch).map(read));
  return {
    async timeline(q) {
      const lists = await each(q.watch, (watch) => store.timeline({ ...q, watch }));
      if (lists.length === 1) return lists[0]!;
      const byT = new Map<number, TimelinePoint>();
      for (const p of lists.flat()) byT.set(p.t, byT.has(p.t) ? sum(byT.get(p.t)!, p) : p);
      return [...byT.values()].sort((a, b) => a.t - b.t);
    },
    async breakdown(q) {
      const lists = await each(q.watch, (watch) => store.breakdown({ ...q, watch }));
      if (lists.length === 1) return lists[0]!;
      const byKey = new Map<string, BreakdownRow>();
      for (const r of lists.flat()) {
        const had = byKey.get(r.key);
        byKey.set(r.key, had ? { key: r.key, total: had.total + r.total, negative: had.negative + r.negative } : r);
      }
      return [...byKey.values()].sort((a, b) => b.total - a.total).slice(0, q.limit);
    },
    async mentions(q) {
      if (!q.watch) return store.mentions(q);
      const lists = await each(q.watch, (watch) => store.mentions({ ...q, watch }));
      if (lists.length === 1) return lists[0]!;
      const key = (m: { created_at: string; author?: { followers?: number } }): number =>
        q.order === 'reach' ? (m.author?.followers ?? 0) : Date.parse(m.created_at);
      return lists
        .flat()
        .sort((a, b) => key(b) - key(a))
        .slice(0, q.limit);
    },
    async surgingTerms(q) {
      const keys = keysOf(q.watch);
      // Old rows under a name are few and old: the surge is read from the id's rows when there are several keys.
      return store.surgingTerms({ ...q, watch: keys[0]! });
    },
    async correctLabel(req) {
      for (const watch of keysOf(req.watch)) {
        const done = await store.correctLabel({ ...req, watch });
        if (done) return done;
      }
      return undefined;
    },
    async corrections(q) {
      if (!q.watch) return store.corrections(q);
      const lists = await each(q.watch, (watch) => store.corrections({ ...q, watch }));
      return lists
        .flat()
        .sort((a, b) => (a.correctedAt < b.correctedAt ? 1 : -1))
        .slice(0, q.limit);
    },
    async correctionsFor(watch, keys) {
      const maps = await each(watch, (w) => store.correctionsFor(w, keys));
      return maps.length === 1 ? maps[0]! : new Map(maps.flatMap((m) => [...m]));
    },
  };
}

/** `AlertActions` whose list for one watch covers its stored keys (alerts raised before ids carry its name). */
export function alertsAcrossKeys(alerts: AlertActions, keysOf: WatchKeys): AlertActions {
  // Delegated method by method: `alerts` may be a class instance, whose methods a spread would not copy.
  return {
    get: (fp) => alerts.get(fp),
    history: (fp) => alerts.history(fp),
    ack: (fp, by, comment) => alerts.ack(fp, by, comment),
    silence: (fp, until, by, comment) => alerts.silence(fp, until, by, comment),
    resolve: (fp, by, comment) => alerts.resolve(fp, by, comment),
    async list(q) {
      if (!q.watch) return alerts.list(q);
      const lists = await Promise.all(keysOf(q.watch).map((watch) => alerts.list({ ...q, watch })));
      if (lists.length === 1) return lists[0]!;
      const started = (s: AlertState): number => Date.parse(s.alert.startsAt);
      return lists
        .flat()
        .sort((a, b) => started(b) - started(a))
        .slice(0, q.limit);
    },
  };
}
