/**
 * `vakt.mentions` (migration 001): one row per mention and watch, ReplacingMergeTree(version) on (watch, source, id).
 * Inserts send JSONEachRow bodies (data, never SQL text); queries read with FINAL so replays never show twice.
 */
import { Readable } from 'node:stream';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { ScoredMention, ExplanationSpan, Label } from '@vakt/schema/scored-mention';
import type { StoreClient } from '../client.js';
import { toStoreError } from '../errors.js';
import { monthPartition, splitByPartition } from '../insert-partitions.js';
import { num, selectRows, toDate, type TimeArg } from '../query.js';
import { fromClickHouseDateTime, join, MAX_DATETIME_MS, raw, sql, type SqlFragment } from '../sql-literal.js';
import { checkMention, encodeMentionRows, type MapOptions } from './mention-rows.js';

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
  'watch',
  'source',
  'id',
  'url',
  'author',
  'author_id',
  'author_followers',
  'text',
  'lang',
  'created_at',
  'ingested_at',
  'scored_at',
  'label',
  'score',
  'confidence',
  'p_neg',
  'p_neu',
  'p_pos',
  'disagreement',
  'model',
  'entities',
  'reposts',
  'replies',
  'likes',
  'quotes',
  'reach',
  'explanation',
  'version',
] as const satisfies readonly (keyof MentionRow)[];

// Mapping a mention to rows lives in mention-rows.ts; callers keep importing it from this table's entry point.
export { encodeMentionRows, parseScoredMention, reachOf, toMentionRows, type MapOptions } from './mention-rows.js';

const INSERT_QUERY = `INSERT INTO ${MENTIONS_TABLE} FORMAT JSONEachRow`;

/** One mention's JSONEachRow lines and the month partition they fall in (`toYYYYMM(created_at)`). */
interface EncodedMention {
  lines: string;
  rows: number;
  partition: number;
}

/** Sends one JSONEachRow body as one INSERT. */
async function insertBody(store: StoreClient, body: string, rows: number): Promise<Result<void>> {
  try {
    const rs = await store.ch.exec({ query: INSERT_QUERY, values: Readable.from([body]) });
    // The answer to an INSERT is empty; reading it to the end frees the HTTP socket.
    for await (const _ of rs.stream) void _;
    return ok(undefined);
  } catch (e) {
    return err(toStoreError(e, 'VAKT_CLICKHOUSE_INSERT', `the insert of ${rows} rows into ${MENTIONS_TABLE}`));
  }
}

export interface InsertMentionsOptions extends MapOptions {
  /** Month partitions one INSERT may touch (default MAX_PARTITIONS_PER_INSERT, ClickHouse's own default limit). */
  maxPartitionsPerInsert?: number;
}

/**
 * Inserts scored mentions (one row per matched watch). Validates every mention first (unless it came from
 * `parseScoredMention`) and inserts nothing if one is invalid (VAKT_SCHEMA_INVALID naming its index, non-retriable:
 * dead-letter it). Insert failures come back as VAKT_CLICKHOUSE_UNAVAILABLE (retriable: back off, keep offsets) or
 * VAKT_CLICKHOUSE_INSERT; messages never carry row text. Inserting the same mentions again is harmless: the table and
 * rollups deduplicate on (watch, source, id).
 *
 * Mentions spread over more month partitions than `maxPartitionsPerInsert` go in as several INSERTs (ClickHouse
 * refuses more with error 252, see insert-partitions.ts). If a later one fails, the earlier ones stay written; the
 * caller's retry of the whole batch writes them again, which the deduplication above makes harmless.
 *
 * The body is JSONEachRow built here (`encodeMentionRows`) and sent with `exec`, because the client's `insert` takes
 * only row objects (or an object-mode stream) for JSON formats and would stringify each row again. Same format, same
 * statement as `insert` would send, so it works on chdb and on clickhouse-server 18.16 alike.
 */
export const insertMentions =
  (store: StoreClient, opts: InsertMentionsOptions = {}) =>
  async (mentions: readonly ScoredMention[]): Promise<Result<void>> => {
    const encoded: EncodedMention[] = [];
    for (let i = 0; i < mentions.length; i++) {
      const checked = checkMention(mentions[i], i);
      if (!checked.ok) return checked;
      const e = encodeMentionRows(checked.value, i, opts);
      if (!e.ok) return e;
      if (e.value.rows > 0)
        encoded.push({ ...e.value, partition: monthPartition(Date.parse(checked.value.created_at)) });
    }
    for (const group of splitByPartition(encoded, (e) => e.partition, opts.maxPartitionsPerInsert)) {
      let body = '';
      let rows = 0;
      for (const e of group) {
        body += e.lines;
        rows += e.rows;
      }
      const r = await insertBody(store, body, rows);
      if (!r.ok) return r;
    }
    return ok(undefined);
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
  let explanation: ExplanationSpan[];
  try {
    explanation = JSON.parse(String(r.explanation)) as ExplanationSpan[];
  } catch {
    explanation = []; // a row written by hand with bad JSON: show the mention without highlights rather than fail
  }
  return {
    watch: String(r.watch),
    source: String(r.source),
    id: String(r.id),
    url: String(r.url),
    author: String(r.author),
    authorId: String(r.author_id),
    authorFollowers: num(r.author_followers),
    text: String(r.text),
    lang: String(r.lang),
    createdAt: fromClickHouseDateTime(String(r.created_at)),
    ingestedAt: fromClickHouseDateTime(String(r.ingested_at)),
    scoredAt: fromClickHouseDateTime(String(r.scored_at)),
    label: r.label as Label,
    score: num(r.score),
    confidence: num(r.confidence),
    pNeg: num(r.p_neg),
    pNeu: num(r.p_neu),
    pPos: num(r.p_pos),
    disagreement: num(r.disagreement) === 1,
    model: String(r.model),
    entities: (r.entities as string[]) ?? [],
    engagement: { reposts: num(r.reposts), replies: num(r.replies), likes: num(r.likes), quotes: num(r.quotes) },
    reach: num(r.reach),
    explanation,
  };
}

function invalid(message: string): Result<never> {
  return err(new VaktError('VAKT_SCHEMA_INVALID', message));
}

/** Builds `created_at` range conditions; shared with the rollup queries (which pass their time column). */
export function timeRange(column: string, from: TimeArg | undefined, to: TimeArg | undefined): Result<SqlFragment[]> {
  const out: SqlFragment[] = [];
  for (const [v, op] of [
    [from, '>='],
    [to, '<'],
  ] as const) {
    if (v === undefined) continue;
    const d = toDate(v);
    if (d === undefined || d.getTime() < 0 || d.getTime() > MAX_DATETIME_MS)
      return invalid(`time range: ${String(v)} is not a valid time`);
    out.push(sql`${raw(column)} ${raw(op)} ${d}`);
  }
  return ok(out);
}

/** Newest or most-reaching mentions of a watch, filtered. Reads FINAL: each mention once, latest scoring. */
export const queryMentions =
  (store: StoreClient) =>
  async (q: MentionQuery): Promise<Result<MentionRecord[]>> => {
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return invalid('queryMentions: limit must be an integer 1..1000');
    if (typeof q.watch !== 'string' || q.watch === '') return invalid('queryMentions: watch is required');
    const where: SqlFragment[] = [sql`watch = ${q.watch}`];
    if (q.entity !== undefined) where.push(sql`has(entities, ${q.entity})`);
    if (q.label !== undefined) {
      if (!['negative', 'neutral', 'positive'].includes(q.label))
        return invalid('queryMentions: label must be negative, neutral or positive');
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
