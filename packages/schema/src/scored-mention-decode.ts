import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ok, type Result } from '@vakt/errors/result';
import { ScoredMention, scoredMentionValidator } from './scored-mention.js';

/**
 * A cheaper decoder for `vakt.mentions.scored` records with the same answers as `scoredMentionValidator.parse`.
 *
 * Why: the alerter JSON-parses and validates every scored mention; in its profile at 5,000/s ajv's check was ~13 %
 * of its busy time, more than half of that in ajv-formats' `date-time` (a `split`, two regexes and number parsing
 * per timestamp, three timestamps per mention), and `maxLength` counts code points by walking each string.
 * `bench/decode-bench.mjs` prints what each way costs per record.
 *
 * How it stays identical: TypeBox's compiled checker (TypeCompiler) runs first. It may only answer true for a value
 * ajv accepts, and where exactness would cost it is conservative: it counts string lengths in UTF-16 units, which
 * is never fewer than ajv's code points (so `maxLength` can only reject more, and `minLength: 1` means non-empty
 * either way), and its `date-time` is `isUtcIsoTime` below. Every false — a malformed record, or one of those rare
 * shapes — goes to the full ajv validator, which decides and builds the error. So the Result (value, or the
 * VAKT_SCHEMA_INVALID with its JSON path, message and truncated raw input, which a dead letter carries) is the
 * one `scoredMentionValidator.parse` returns, for every input. test/scored-mention-decode.test.ts holds both to
 * the same answers on valid and mutated records and pins the schema's digest, so a schema change is re-checked.
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
  fastCheck ??= compileFastCheck(ScoredMention);
  return fastCheck.Check(v);
}

let fastCheck: TypeCheck<typeof ScoredMention> | undefined;

/**
 * Compiled on first use, so importing this module changes nothing. TypeBox's format registry is process-wide:
 * Vakt validates with ajv everywhere else, so `date-time` there is ours; a different registration already present
 * would make the fast answer unsound, and is a programmer error.
 */
function compileFastCheck<S extends TSchema>(schema: S): TypeCheck<S> {
  assertConservative(schema);
  const registered = FormatRegistry.Get('date-time');
  if (registered === undefined) FormatRegistry.Set('date-time', isUtcIsoTime);
  else if (registered !== isUtcIsoTime)
    throw new Error('TypeBox date-time format is registered elsewhere; the fast ScoredMention check needs its own');
  return TypeCompiler.Compile(schema);
}

/**
 * The keywords where TypeBox's answer could be wider than ajv's: `minLength` above 1 (UTF-16 units can exceed code
 * points) and formats other than `date-time`. Refusing them here makes a schema change fail loudly, not silently.
 */
function assertConservative(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o['minLength'] === 'number' && o['minLength'] > 1)
    throw new Error('fast ScoredMention check: minLength > 1 counts differently in TypeBox and ajv');
  if (o['format'] !== undefined && o['format'] !== 'date-time')
    throw new Error(`fast ScoredMention check: format ${String(o['format'])} has no conservative check`);
  for (const child of Object.values(o)) assertConservative(child);
}

/**
 * ajv-formats' `date-time` (full mode, time zone required) for the one shape Vakt writes (`Date#toISOString`, or
 * without the fraction): digits, `T`, `Z`, a real calendar day, hours 00–23, minutes and seconds 00–59 with up to 9
 * fraction digits. Other spellings ajv accepts (lower-case `t`/`z`, a space, offsets, leap seconds) answer false and
 * the full validator decides.
 */
// At most 9 fraction digits: ajv reads the seconds as a number, and "59.99999999999999999" rounds to 60 (rejected).
const ISO = /^\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The number written by two ASCII digits at `i` (the regex has checked they are digits). */
const two = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
function isUtcIsoTime(v: string): boolean {
  if (!ISO.test(v)) return false;
  const year = two(v, 0) * 100 + two(v, 2);
  const month = two(v, 5);
  const day = two(v, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month]!);
}
