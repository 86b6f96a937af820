/**
 * The per-minute rollups (migration 002): `vakt.mentions_per_minute_v1` (by watch, source, lang, label) and
 * `vakt.entity_mentions_per_minute_v1` (by watch, sub-entity, label), filled by the `*_mv_v1` materialized views.
 * Counts are uniqExactMerge over (source, id) keys: exact before merges and under replays.
 * Caveat: a mention re-scored with a *different* label is counted under both labels in the rollups (the raw table
 * keeps only the latest); replays of the same scoring, the at-least-once case, are counted once.
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { StoreClient } from '../client.js';
import { fromClickHouseDateTime, join, raw, sql, type SqlFragment } from '../sql-literal.js';
import { num, selectRows, type TimeArg } from '../query.js';
import { timeRange } from './mentions.js';

export const MENTIONS_PER_MINUTE = 'vakt.mentions_per_minute_v1';
export const ENTITY_MENTIONS_PER_MINUTE = 'vakt.entity_mentions_per_minute_v1';

export type Step = 'minute' | 'hour' | 'day';
const BUCKET: Record<Step, string> = { minute: 'toStartOfMinute', hour: 'toStartOfHour', day: 'toStartOfDay' };

/** Counts per label in one bucket or group. `total` is their sum. */
export interface LabelCounts {
  negative: number;
  neutral: number;
  positive: number;
  total: number;
}

export interface TimelinePoint extends LabelCounts {
  /** Bucket start, ISO 8601 UTC. */
  t: string;
}

export interface TimelineQuery {
  watch: string;
  from: TimeArg;
  /** Exclusive. */
  to: TimeArg;
  step: Step;
  source?: string;
  lang?: string;
}

const empty = (): LabelCounts => ({ negative: 0, neutral: 0, positive: 0, total: 0 });

function add(c: LabelCounts, label: string, n: number): void {
  if (label === 'negative' || label === 'neutral' || label === 'positive') c[label] += n;
  c.total += n;
}

function invalid(message: string): Result<never> {
  return err(new VaktError('VAKT_SCHEMA_INVALID', message));
}

function baseWhere(q: {
  watch: string;
  from?: TimeArg;
  to?: TimeArg;
  source?: string;
  lang?: string;
}): Result<SqlFragment[]> {
  if (typeof q.watch !== 'string' || q.watch === '') return invalid('watch is required');
  const where = [sql`watch = ${q.watch}`];
  if (q.source !== undefined) where.push(sql`source = ${q.source}`);
  if (q.lang !== undefined) where.push(sql`lang = ${q.lang}`);
  const range = timeRange('minute', q.from, q.to);
  if (!range.ok) return range;
  return ok([...where, ...range.value]);
}

/** Mention counts by label per minute/hour/day bucket, oldest first; empty buckets are absent. */
export const queryTimeline =
  (store: StoreClient) =>
  async (q: TimelineQuery): Promise<Result<TimelinePoint[]>> => {
    const fn = BUCKET[q.step];
    if (fn === undefined) return invalid('queryTimeline: step must be minute, hour or day');
    const where = baseWhere(q);
    if (!where.ok) return where;
    const query = sql`SELECT ${raw(fn)}(minute) AS t, label, uniqExactMerge(mentions) AS n FROM vakt.mentions_per_minute_v1 WHERE ${join(where.value, ' AND ')} GROUP BY t, label ORDER BY t`;
    const rows = await selectRows<{ t: string; label: string; n: unknown }>(store, query, 'queryTimeline');
    if (!rows.ok) return rows;
    const points = new Map<string, TimelinePoint>();
    for (const r of rows.value) {
      const t = fromClickHouseDateTime(String(r.t));
      let p = points.get(t);
      if (!p) points.set(t, (p = { t, ...empty() }));
      add(p, r.label, num(r.n));
    }
    return ok([...points.values()]);
  };

export interface BreakdownQuery {
  watch: string;
  by: 'source' | 'lang' | 'entity';
  from?: TimeArg;
  to?: TimeArg;
  /** 1..1000, default 50; groups with the most mentions first. */
  limit?: number;
}

export interface BreakdownRow extends LabelCounts {
  key: string;
  /** negative / total (0 when total is 0). */
  negativeShare: number;
}

/** Counts by label grouped by source, language or sub-entity, biggest first. */
export const queryBreakdown =
  (store: StoreClient) =>
  async (q: BreakdownQuery): Promise<Result<BreakdownRow[]>> => {
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return invalid('queryBreakdown: limit must be an integer 1..1000');
    if (!['source', 'lang', 'entity'].includes(q.by))
      return invalid('queryBreakdown: by must be source, lang or entity');
    const where = baseWhere({ watch: q.watch, from: q.from, to: q.to });
    if (!where.ok) return where;
    const table = raw(q.by === 'entity' ? ENTITY_MENTIONS_PER_MINUTE : MENTIONS_PER_MINUTE);
    const query = sql`SELECT ${raw(q.by)} AS key, label, uniqExactMerge(mentions) AS n FROM ${table} WHERE ${join(where.value, ' AND ')} GROUP BY key, label`;
    const rows = await selectRows<{ key: string; label: string; n: unknown }>(store, query, 'queryBreakdown');
    if (!rows.ok) return rows;
    const groups = new Map<string, LabelCounts>();
    for (const r of rows.value) {
      let g = groups.get(r.key);
      if (!g) groups.set(r.key, (g = empty()));
      add(g, r.label, num(r.n));
    }
    const out = [...groups.entries()].map(([key, c]) => ({
      key,
      ...c,
      negativeShare: c.total === 0 ? 0 : c.negative / c.total,
    }));
    out.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    return ok(out.slice(0, limit));
  };

export interface NegativeShareQuery {
  watch: string;
  from: TimeArg;
  to: TimeArg;
  /** Restrict to one sub-entity (service, touchpoint, person). */
  entity?: string;
  source?: string;
}

export interface NegativeShare {
  negative: number;
  total: number;
  /** negative / total, 0 when there are no mentions. */
  share: number;
}

/** Share of negative mentions of a watch (or one of its sub-entities) in [from, to): what the alerter thresholds. */
export const queryNegativeShare =
  (store: StoreClient) =>
  async (q: NegativeShareQuery): Promise<Result<NegativeShare>> => {
    const where = baseWhere({
      watch: q.watch,
      from: q.from,
      to: q.to,
      source: q.entity === undefined ? q.source : undefined,
    });
    if (!where.ok) return where;
    if (q.entity !== undefined && q.source !== undefined)
      return invalid('queryNegativeShare: entity and source cannot be combined (different rollups)');
    const conditions = q.entity === undefined ? where.value : [...where.value, sql`entity = ${q.entity}`];
    const table = raw(q.entity === undefined ? MENTIONS_PER_MINUTE : ENTITY_MENTIONS_PER_MINUTE);
    const query = sql`SELECT label, uniqExactMerge(mentions) AS n FROM ${table} WHERE ${join(conditions, ' AND ')} GROUP BY label`;
    const rows = await selectRows<{ label: string; n: unknown }>(store, query, 'queryNegativeShare');
    if (!rows.ok) return rows;
    const c = empty();
    for (const r of rows.value) add(c, r.label, num(r.n));
    return ok({ negative: c.negative, total: c.total, share: c.total === 0 ? 0 : c.negative / c.total });
  };
