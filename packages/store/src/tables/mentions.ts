/**
 * `vakt.mentions` (migration 001): one row per mention and watch, ReplacingMergeTree(version) on (watch, source, id).
 * Inserts send JSONEachRow bodies (data, never SQL text); queries read with FINAL so replays never show twice.
 */
import { Readable } from 'node:stream';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import {
  scoredMentionValidator,
  type ScoredMention,
  type ExplanationSpan,
  type Label,
} from '@vakt/schema/scored-mention';
import { decodeScoredMention, isScoredMention } from '@vakt/schema/scored-mention-decode';
import type { StoreClient } from '../client.js';
import { toStoreError } from '../errors.js';
import { monthPartition, splitByPartition } from '../insert-partitions.js';
import type { Pseudonymiser } from '../pseudonym.js';
import { num, selectRows, toDate, type TimeArg } from '../query.js';
import {
  fromClickHouseDateTime,
  join,
  MAX_DATETIME_MS,
  raw,
  sql,
  toClickHouseDateTime,
  type SqlFragment,
} from '../sql-literal.js';

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

/**
 * The last second formatted, per field: a batch's mentions fall in a few seconds, and formatting (Date, ISO string,
 * slice, replace) was ~10 % of the sink's row work. DateTime keeps whole seconds, so the second decides the text.
 */
const lastSecond = new Map<string, { second: number; text: string }>();

function chTime(iso: string, field: string, index: number): Result<string> {
  const ms = Date.parse(iso);
  if (!(ms >= 0 && ms <= MAX_DATETIME_MS)) {
    return err(
      new VaktError('VAKT_SCHEMA_INVALID', `ScoredMention[${index}] /${field}: outside the storable range 1970–2106`, {
        context: { index, path: `/${field}` },
      }),
    );
  }
  const second = Math.floor(ms / 1000);
  let last = lastSecond.get(field);
  if (last === undefined) lastSecond.set(field, (last = { second: NaN, text: '' }));
  if (last.second !== second) {
    last.second = second;
    last.text = toClickHouseDateTime(second * 1000);
  }
  return ok(last.text);
}

type SharedFields = Omit<MentionRow, 'watch' | 'entities'>;

/** `isWellFormed` first: for the usual well-formed string it is a scan, not a copy (toWellFormed would copy). */
const wf = (s: string): string => (s.isWellFormed() ? s : s.toWellFormed());

/**
 * The fields every row of one mention shares, strings well-formed (ClickHouse stores UTF-8; a lone surrogate from
 * JSON would not survive). `explanation` needs no well-forming: JSON.stringify escapes lone surrogates.
 */
function sharedFields(s: ScoredMention, index: number, opts: MapOptions): Result<SharedFields> {
  const created = chTime(s.created_at, 'created_at', index);
  if (!created.ok) return created;
  const ingested = chTime(s.ingested_at, 'ingested_at', index);
  if (!ingested.ok) return ingested;
  const scored = chTime(s.scored_at, 'scored_at', index);
  if (!scored.ok) return scored;
  const p = opts.pseudonymise;
  const authorId = s.author?.id ?? '';
  const handle = s.author?.handle ?? '';
  const e = s.engagement;
  const t = s.sentiment;
  return ok({
    source: wf(s.source),
    id: wf(s.id),
    url: p && !p.keepUrl ? '' : wf(s.url ?? ''),
    author: wf(p ? p('handle', handle) : handle),
    author_id: wf(p ? p('id', authorId) : authorId),
    author_followers: s.author?.followers ?? 0,
    text: wf(s.text),
    lang: wf(t.lang),
    created_at: created.value,
    ingested_at: ingested.value,
    scored_at: scored.value,
    label: t.label,
    score: t.score,
    confidence: t.confidence,
    p_neg: t.p_neg,
    p_neu: t.p_neu,
    p_pos: t.p_pos,
    disagreement: t.disagreement ? 1 : 0,
    model: wf(t.model),
    reposts: e?.reposts ?? 0,
    replies: e?.replies ?? 0,
    likes: e?.likes ?? 0,
    quotes: e?.quotes ?? 0,
    reach: reachOf(s),
    explanation: JSON.stringify(t.explanation),
    version: Date.parse(s.scored_at),
  });
}

/** `[...new Set(list)]` then well-formed, without a Set for short lists. */
function uniqueEntities(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const e of list) if (!out.includes(e)) out.push(e);
  return out.every((e) => e.isWellFormed()) ? out : out.map((e) => e.toWellFormed());
}

/** Validates one ScoredMention and maps it to one row per matched watch. `index` only names it in errors. */
export function toMentionRows(m: unknown, index = 0, opts: MapOptions = {}): Result<MentionRow[]> {
  const checked = checkMention(m, index);
  if (!checked.ok) return checked;
  const base = sharedFields(checked.value, index, opts);
  if (!base.ok) return base;
  return ok(
    checked.value.matches.map((match) => ({
      ...base.value,
      watch: wf(match.watch),
      entities: uniqueEntities(match.entities),
    })),
  );
}

/**
 * The JSONEachRow lines of one already-validated mention, byte for byte `JSON.stringify` of each `toMentionRows` row
 * plus a newline (packages/store/test/mention-rows.test.ts compares them): the shared fields are stringified once per
 * mention and only `watch` and `entities` per row, instead of a row object and a stringify per row.
 */
export function encodeMentionRows(
  s: ScoredMention,
  index = 0,
  opts: MapOptions = {},
): Result<{ lines: string; rows: number }> {
  const base = sharedFields(s, index, opts);
  if (!base.ok) return base;
  const prefix = `${JSON.stringify(base.value).slice(0, -1)},"watch":`;
  let lines = '';
  for (const match of s.matches)
    lines += `${prefix}${JSON.stringify(wf(match.watch))},"entities":${JSON.stringify(uniqueEntities(match.entities))}}\n`;
  return ok({ lines, rows: s.matches.length });
}

/**
 * Mentions this module has seen pass `scoredMentionValidator` (through `parseScoredMention`). Why a proof and not a
 * second, unchecked entry point: the sink app's `writeMentions` is wired by the sink service and by embedded mode
 * (`vakt up`), and every other caller (tests, the CLI, dashboards' fixtures) hands `insertMentions` plain objects.
 * With the proof travelling on the object, the Kafka path validates once while `insertMentions` stays safe for any
 * caller: only this module can add to the set and only after the validator passed, so a caller cannot forge it; an
 * object it does not know is validated as before. A WeakSet keeps nothing alive. Its limit: a proven object mutated
 * afterwards is not checked again, and the sink never mutates what it parsed.
 */
const validated = new WeakSet<object>();

/**
 * Parses and validates one ScoredMention from its wire JSON, like `scoredMentionValidator.parse` (same Result, same
 * VAKT_SCHEMA_INVALID), and marks the value as validated so `insertMentions` maps it without validating it again.
 * The sink calls this at its Kafka boundary. Do not mutate the value afterwards.
 */
export function parseScoredMention(raw: string | Buffer): Result<ScoredMention> {
  // decodeScoredMention returns exactly what scoredMentionValidator.parse returns, for less CPU on valid records.
  const r = decodeScoredMention(raw);
  if (r.ok) validated.add(r.value);
  return r;
}

function checkMention(m: unknown, index: number): Result<ScoredMention> {
  if (typeof m === 'object' && m !== null && validated.has(m)) return ok(m as ScoredMention);
  if (isScoredMention(m)) return ok(m);
  const checked = scoredMentionValidator.check(m);
  if (checked.ok) return checked;
  // The validator's context carries a truncated copy of the input; it must not travel with a store error.
  return err(
    new VaktError(
      'VAKT_SCHEMA_INVALID',
      `ScoredMention[${index}] ${checked.error.message.replace(/^ScoredMention /, '')}`,
      { context: { index, path: checked.error.context['path'] } },
    ),
  );
}

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
