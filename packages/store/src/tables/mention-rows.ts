/**
 * One ScoredMention as rows of `vakt.mentions` (`mentions.ts`): validating it (only once for a mention that came
 * through `parseScoredMention`) and encoding it, one row per matched watch. Apart from the table's insert and queries
 * because it is the sink's per-mention CPU path (cached timestamps, one stringify per mention) with tests and a bench
 * of its own, and needs neither the client nor any SQL statement.
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { scoredMentionValidator, type ScoredMention } from '@vakt/schema/scored-mention';
import { decodeScoredMention, isScoredMention } from '@vakt/schema/scored-mention-decode';
import type { Pseudonymiser } from '../pseudonym.js';
import { MAX_DATETIME_MS, toClickHouseDateTime } from '../sql-literal.js';
import type { MentionRow } from './mentions.js';

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

export function checkMention(m: unknown, index: number): Result<ScoredMention> {
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
