/**
 * `vakt.mentions` (migration 001): one row per mention and watch, ReplacingMergeTree(version) on (watch, source, id).
 * Inserts send JSONEachRow bodies (data, never SQL text); queries read with FINAL so replays never show twice.
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { scoredMentionValidator, type ScoredMention, type ExplanationSpan, type Label } from '@vakt/schema/scored-mention';
import type { StoreClient } from '../client.js';
import { toStoreError } from '../errors.js';
import type { Pseudonymiser } from '../pseudonym.js';
import { num, selectRows, toDate, wellFormedRow, type TimeArg } from '../query.js';
import { fromClickHouseDateTime, join, MAX_DATETIME_MS, raw, sql, toClickHouseDateTime, type SqlFragment } from '../sql-literal.js';

export const MENTIONS_TABLE = 'vakt.mentions';

/** A row of vakt.mentions as sent in JSONEachRow. DateTimes are `YYYY-MM-DD hh:mm:ss` UTC. */
export interface MentionRow {
  watch: string;
  source: string;
  id: string;
  url: string;
  /** Handle (or its pseudonym). */
  author: string;
  author_id: string;
  author_followers: number;
  text: string;
  lang: string;
  created_at: string;
  ingested_at: string;
  scored_at: string;
  label: Label;
  score: number;
  confidence: number;
  p_neg: number;
  p_neu: number;
  p_pos: number;
  disagreement: 0 | 1;
  model: string;
  entities: string[];
  reposts: number;
  replies: number;
  likes: number;
  quotes: number;
  reach: number;
  /** JSON of ExplanationSpan[]. */
  explanation: string;
  /** Replacing version: scored_at in ms, so a re-scoring replaces and a replay is a no-op. */
  version: number;
}

export const MENTION_COLUMNS = [
  'watch', 'source', 'id', 'url', 'author', 'author_id', 'author_followers', 'text', 'lang', 'created_at',
  'ingested_at', 'scored_at', 'label', 'score', 'confidence', 'p_neg', 'p_neu', 'p_pos', 'disagreement', 'model',
  'entities', 'reposts', 'replies', 'likes', 'quotes', 'reach', 'explanation', 'version',
] as const satisfies readonly (keyof MentionRow)[];

/**
 * Estimated audience of a mention: the author's followers plus every engagement (each repost, reply, like or
 * quote put it in front of at least one more reader). Deliberately simple and documented in the README.
 */
export function reachOf(m: Pick<ScoredMention, 'author' | 'engagement'>): number {
  const e = m.engagement ?? {};
  return (m.author?.followers ?? 0) + (e.reposts ?? 0) + (e.replies ?? 0) + (e.likes ?? 0) + (e.quotes ?? 0);
}

export interface MapOptions {
  /** Store authors pseudonymised (see pseudonym.ts). */
  pseudonymise?: Pseudonymiser;
}

function chTime(iso: string, field: string, index: number): Result<string> {
  const ms = Date.parse(iso);
  if (!(ms >= 0 && ms <= MAX_DATETIME_MS)) {
    return err(new VaktError('VAKT_SCHEMA_INVALID', `ScoredMention[${index}] /${field}: outside the storable range 1970–2106`, { context: { index, path: `/${field}` } }));
  }
  return ok(toClickHouseDateTime(ms));
}

/** Validates one ScoredMention and maps it to one row per matched watch. `index` only names it in errors. */
export function toMentionRows(m: unknown, index = 0, opts: MapOptions = {}): Result<MentionRow[]> {
  const checked = scoredMentionValidator.check(m);
  if (!checked.ok) {
    // The validator's context carries a truncated copy of the input; it must not travel with a store error.
    return err(new VaktError('VAKT_SCHEMA_INVALID', `ScoredMention[${index}] ${checked.error.message.replace(/^ScoredMention /, '')}`, { context: { index, path: checked.error.context['path'] } }));
  }
  const s = checked.value;
  const times: string[] = [];
  for (const f of ['created_at', 'ingested_at', 'scored_at'] as const) {
    const t = chTime(s[f], f, index);
    if (!t.ok) return t;
    times.push(t.value);
  }
  const p = opts.pseudonymise;
  const authorId = s.author?.id ?? '';
  const handle = s.author?.handle ?? '';
  const base = {
    source: s.source,
    id: s.id,
    url: p && !p.keepUrl ? '' : (s.url ?? ''),
    author: p ? p('handle', handle) : handle,
    author_id: p ? p('id', authorId) : authorId,
    author_followers: s.author?.followers ?? 0,
    text: s.text,
    lang: s.sentiment.lang,
    created_at: times[0] ?? '',
    ingested_at: times[1] ?? '',
    scored_at: times[2] ?? '',
    label: s.sentiment.label,
    score: s.sentiment.score,
    confidence: s.sentiment.confidence,
    p_neg: s.sentiment.p_neg,
    p_neu: s.sentiment.p_neu,
    p_pos: s.sentiment.p_pos,
    disagreement: s.sentiment.disagreement ? 1 : 0,
    model: s.sentiment.model,
    reposts: s.engagement?.reposts ?? 0,
    replies: s.engagement?.replies ?? 0,
    likes: s.engagement?.likes ?? 0,
    quotes: s.engagement?.quotes ?? 0,
    reach: reachOf(s),
    explanation: JSON.stringify(s.sentiment.explanation),
    version: Date.parse(s.scored_at),
  } as const;
  return ok(s.matches.map((match) => wellFormedRow({ ...base, watch: match.watch, entities: [...new Set(match.entities)] })));
}

/**
 * Inserts scored mentions (one row per matched watch). Validates every mention first and inserts nothing if one is
 * invalid (VAKT_SCHEMA_INVALID naming its index, non-retriable: dead-letter it). Insert failures come back as
 * VAKT_CLICKHOUSE_UNAVAILABLE (retriable: back off, keep offsets) or VAKT_CLICKHOUSE_INSERT; messages never carry
 * row text. Inserting the same mentions again is harmless: the table and rollups deduplicate on (watch, source, id).
 */
export const insertMentions =
  (store: StoreClient, opts: MapOptions = {}) =>
  async (mentions: readonly ScoredMention[]): Promise<Result<void>> => {
    const rows: MentionRow[] = [];
    for (const [i, m] of mentions.entries()) {
      const mapped = toMentionRows(m, i, opts);
      if (!mapped.ok) return mapped;
      rows.push(...mapped.value);
    }
    if (rows.length === 0) return ok(undefined);
    try {
      await store.ch.insert({ table: MENTIONS_TABLE, values: rows, format: 'JSONEachRow' });
      return ok(undefined);
    } catch (e) {
      return err(toStoreError(e, 'VAKT_CLICKHOUSE_INSERT', `the insert of ${rows.length} rows into ${MENTIONS_TABLE}`));
    }
  };

/** Filters for `queryMentions`. Times are ISO 8601 strings, epoch ms or Dates; `to` is exclusive. */
export interface MentionQuery {
  watch: string;
  entity?: string;
  label?: Label;
  lang?: string;
  source?: string;
  from?: TimeArg;
  to?: TimeArg;
  /** 'newest' (created_at desc, default) or 'reach' (reach desc, then newest). */
  orderBy?: 'newest' | 'reach';
  /** 1..1000, default 50. */
  limit?: number;
}

/** A mention as the dashboard and alerter read it back. */
export interface MentionRecord {
  watch: string;
  source: string;
  id: string;
  url: string;
  author: string;
  authorId: string;
  authorFollowers: number;
  text: string;
  lang: string;
  createdAt: string;
  ingestedAt: string;
  scoredAt: string;
  label: Label;
  score: number;
  confidence: number;
  pNeg: number;
  pNeu: number;
  pPos: number;
  disagreement: boolean;
  model: string;
  entities: string[];
  engagement: { reposts: number; replies: number; likes: number; quotes: number };
  reach: number;
  explanation: ExplanationSpan[];
}

type RawRow = Record<(typeof MENTION_COLUMNS)[number], unknown>;

export function fromMentionRow(r: RawRow): MentionRecord {
  let explanation: ExplanationSpan[] = [];
  try {
    explanation = JSON.parse(String(r.explanation)) as ExplanationSpan[];
  } catch {
    explanation = []; // a row written by hand with bad JSON: show the mention without highlights rather than fail
  }
  return {
    watch: String(r.watch), source: String(r.source), id: String(r.id), url: String(r.url),
    author: String(r.author), authorId: String(r.author_id), authorFollowers: num(r.author_followers),
    text: String(r.text), lang: String(r.lang),
    createdAt: fromClickHouseDateTime(String(r.created_at)), ingestedAt: fromClickHouseDateTime(String(r.ingested_at)),
    scoredAt: fromClickHouseDateTime(String(r.scored_at)),
    label: r.label as Label, score: num(r.score), confidence: num(r.confidence),
    pNeg: num(r.p_neg), pNeu: num(r.p_neu), pPos: num(r.p_pos), disagreement: num(r.disagreement) === 1,
    model: String(r.model), entities: (r.entities as string[]) ?? [],
    engagement: { reposts: num(r.reposts), replies: num(r.replies), likes: num(r.likes), quotes: num(r.quotes) },
    reach: num(r.reach), explanation,
  };
}

function invalid(message: string): Result<never> {
  return err(new VaktError('VAKT_SCHEMA_INVALID', message));
}

/** Builds `created_at` range conditions; shared with the rollup queries (which pass their time column). */
export function timeRange(column: string, from: TimeArg | undefined, to: TimeArg | undefined): Result<SqlFragment[]> {
  const out: SqlFragment[] = [];
  for (const [v, op] of [[from, '>='], [to, '<']] as const) {
    if (v === undefined) continue;
    const d = toDate(v);
    if (d === undefined || d.getTime() < 0 || d.getTime() > MAX_DATETIME_MS) return invalid(`time range: ${String(v)} is not a valid time`);
    out.push(sql`${raw(column)} ${raw(op)} ${d}`);
  }
  return ok(out);
}

/** Newest or most-reaching mentions of a watch, filtered. Reads FINAL: each mention once, latest scoring. */
export const queryMentions =
  (store: StoreClient) =>
  async (q: MentionQuery): Promise<Result<MentionRecord[]>> => {
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return invalid('queryMentions: limit must be an integer 1..1000');
    if (typeof q.watch !== 'string' || q.watch === '') return invalid('queryMentions: watch is required');
    const where: SqlFragment[] = [sql`watch = ${q.watch}`];
    if (q.entity !== undefined) where.push(sql`has(entities, ${q.entity})`);
    if (q.label !== undefined) {
      if (!['negative', 'neutral', 'positive'].includes(q.label)) return invalid('queryMentions: label must be negative, neutral or positive');
      where.push(sql`label = ${q.label}`);
    }
    if (q.lang !== undefined) where.push(sql`lang = ${q.lang}`);
    if (q.source !== undefined) where.push(sql`source = ${q.source}`);
    const range = timeRange('created_at', q.from, q.to);
    if (!range.ok) return range;
    where.push(...range.value);
    const order = q.orderBy === 'reach' ? 'reach DESC, created_at DESC, id' : 'created_at DESC, id';
    const query = sql`SELECT ${raw(MENTION_COLUMNS.join(', '))} FROM vakt.mentions FINAL WHERE ${join(where, ' AND ')} ORDER BY ${raw(order)} LIMIT ${limit}`;
    const rows = await selectRows<RawRow>(store, query, 'queryMentions');
    return rows.ok ? ok(rows.value.map(fromMentionRow)) : rows;
  };
