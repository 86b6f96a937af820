import { ok, type Result } from '@vakt/errors/result';
import { scoredMentionValidator, type ScoredMention } from './scored-mention.js';

/**
 * A cheaper decoder for `vakt.mentions.scored` records with the same answers as `scoredMentionValidator.parse`.
 *
 * Why: the alerter JSON-parses and validates every scored mention; in its profile at 5,000/s ajv's check was ~13 %
 * of its busy time, more than half of that in ajv-formats' `date-time` (a `split`, two regexes and number parsing
 * per timestamp, three timestamps per mention), and `maxLength` counts code points by walking each string.
 *
 * How it stays identical: `isScoredMention` is a hand-written check of the whole ScoredMention schema (every field,
 * not only the ones a consumer reads) that may only answer true for a value ajv accepts. Where exactness would
 * cost, it is conservative: a string longer (in UTF-16 units) than a code-point limit, or a timestamp that is not
 * of the plain `YYYY-MM-DDTHH:MM:SS[.fff]Z` shape, answers false. Every false — a malformed record, or one of those
 * rare shapes — goes to the full ajv validator, which decides and builds the error. So the Result (value, or the
 * VAKT_SCHEMA_INVALID with its JSON path, message and truncated raw input, which the dead letter carries) is the
 * one `scoredMentionValidator.parse` returns, for every input. test/scored-mention-decode.test.ts holds both to the
 * same answers on valid and mutated records and pins the schema's digest, so a schema change fails that test
 * until this check follows it.
 */
export function decodeScoredMention(raw: string | Buffer): Result<ScoredMention> {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The full validator builds the "not valid JSON" error with its message and truncated raw copy.
    return scoredMentionValidator.parse(text);
  }
  return isScoredMention(value) ? ok(value) : scoredMentionValidator.check(value);
}

/** True only for a value `scoredMentionValidator.check` accepts (it may answer false for some that it accepts). */
export function isScoredMention(v: unknown): v is ScoredMention {
  if (!isObject(v)) return false;
  const m = v as Record<string, unknown>;
  for (const key in m) if (!TOP_KEYS.has(key)) return false;
  if (m['schemaVersion'] !== 1) return false;
  if (!str(m['id'], 1, 512) || !str(m['text'], 1, 32_768)) return false;
  const source = m['source'];
  if (!str(source, 1, 64) || !SOURCE.test(source)) return false;
  if (!isoTime(m['created_at']) || !isoTime(m['ingested_at']) || !isoTime(m['scored_at'])) return false;
  if (m['url'] !== undefined && !str(m['url'], 0, 2048)) return false;
  if (m['lang'] !== undefined && !(typeof m['lang'] === 'string' && LANG.test(m['lang']))) return false;
  if (m['watch'] !== undefined && !str(m['watch'], 1, 128)) return false;
  if (m['author'] !== undefined && !author(m['author'])) return false;
  if (m['engagement'] !== undefined && !engagement(m['engagement'])) return false;
  return matches(m['matches']) && sentiment(m['sentiment']);
}

// Key sets and patterns as in mention.ts / scored-mention.ts; the patterns compiled with the `u` flag like ajv.
const TOP_KEYS = new Set(['schemaVersion', 'id', 'source', 'text', 'created_at', 'url', 'lang', 'author', 'engagement', 'watch', 'ingested_at', 'matches', 'sentiment', 'scored_at']);
const AUTHOR_KEYS = new Set(['id', 'handle', 'name', 'followers']);
const ENGAGEMENT_KEYS = new Set(['reposts', 'replies', 'likes', 'quotes']);
const SENTIMENT_KEYS = new Set(['label', 'score', 'confidence', 'lang', 'p_neg', 'p_neu', 'p_pos', 'model', 'disagreement', 'explanation']);
const SPAN_KEYS = new Set(['start', 'end', 'contribution', 'rules']);
const SOURCE = /^[a-z0-9][a-z0-9_.:-]*$/u;
const LANG = /^[a-z]{2,3}$/u;

/** ajv's `type: object`: not null, not an array. */
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * ajv's minLength/maxLength count code points, never more than UTF-16 units: `length <= max` proves the limit, and
 * a non-empty string has at least one code point. A longer string answers false and the full validator counts.
 */
const str = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/** ajv's `type: integer` (finite, no fraction) with `minimum: 0`. */
const count = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** ajv's `type: number` (finite) with an inclusive range. */
const num = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && v >= min && v <= max;

function author(v: unknown): boolean {
  if (!isObject(v)) return false;
  const a = v as Record<string, unknown>;
  for (const key in a) if (!AUTHOR_KEYS.has(key)) return false;
  if (a['id'] !== undefined && !str(a['id'], 0, 256)) return false;
  if (a['handle'] !== undefined && !str(a['handle'], 0, 256)) return false;
  if (a['name'] !== undefined && !str(a['name'], 0, 256)) return false;
  return a['followers'] === undefined || count(a['followers']);
}

function engagement(v: unknown): boolean {
  if (!isObject(v)) return false;
  const e = v as Record<string, unknown>;
  for (const key in e) if (!ENGAGEMENT_KEYS.has(key) || !count(e[key])) return false;
  return true;
}

function matches(v: unknown): boolean {
  if (!Array.isArray(v) || v.length < 1 || v.length > 64) return false;
  for (const item of v) {
    if (!isObject(item)) return false;
    const w = item as Record<string, unknown>;
    for (const key in w) if (key !== 'watch' && key !== 'entities') return false;
    if (!str(w['watch'], 1, 128)) return false;
    const entities = w['entities'];
    if (!Array.isArray(entities) || entities.length > 64) return false;
    for (const e of entities) if (!str(e, 0, 128)) return false;
  }
  return true;
}

function sentiment(v: unknown): boolean {
  if (!isObject(v)) return false;
  const s = v as Record<string, unknown>;
  for (const key in s) if (!SENTIMENT_KEYS.has(key)) return false;
  const label = s['label'];
  if (label !== 'negative' && label !== 'neutral' && label !== 'positive') return false;
  if (!num(s['score'], -1, 1) || !num(s['confidence'], 0, 1)) return false;
  if (!num(s['p_neg'], 0, 1) || !num(s['p_neu'], 0, 1) || !num(s['p_pos'], 0, 1)) return false;
  if (!str(s['lang'], 0, 8) || !str(s['model'], 0, 32) || typeof s['disagreement'] !== 'boolean') return false;
  const explanation = s['explanation'];
  if (!Array.isArray(explanation) || explanation.length > 512) return false;
  for (const span of explanation) if (!explanationSpan(span)) return false;
  return true;
}

function explanationSpan(v: unknown): boolean {
  if (!isObject(v)) return false;
  const x = v as Record<string, unknown>;
  for (const key in x) if (!SPAN_KEYS.has(key)) return false;
  if (!count(x['start']) || !count(x['end'])) return false;
  const c = x['contribution'];
  if (typeof c !== 'number' || !Number.isFinite(c)) return false;
  const rules = x['rules'];
  if (!Array.isArray(rules) || rules.length > 16) return false;
  for (const r of rules) if (!str(r, 0, 64)) return false;
  return true;
}

/**
 * ajv-formats' `date-time` (full mode, time zone required) under `maxLength: 40`, for the one shape Vakt writes
 * (`Date#toISOString`, or without the fraction): digits, `T`, `Z`, a real calendar day, hours 00–23, minutes and
 * seconds 00–59 with up to 9 fraction digits. Other spellings ajv accepts (lower-case `t`/`z`, a space, offsets, leap seconds) answer false
 * and the full validator decides.
 */
// At most 9 fraction digits: ajv reads the seconds as a number, and "59.99999999999999999" rounds to 60 (rejected).
const ISO = /^\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The number written by two ASCII digits at `i` (the regex has checked they are digits). */
const two = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
function isoTime(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 40 || !ISO.test(v)) return false;
  const year = two(v, 0) * 100 + two(v, 2);
  const month = two(v, 5);
  const day = two(v, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month]!);
}
