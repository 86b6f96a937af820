import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/** How much of a rejected input is kept in errors and dead letters: enough to debug, never a 1 MB copy. */
export const RAW_TRUNCATE_CHARS = 512;

const ajv = new Ajv({ allErrors: false, strict: true, coerceTypes: false, useDefaults: false });
addFormats(ajv, ['date-time', 'uri']);
// Only for input that already failed: collects every problem, so a client fixes an item in one round trip. The fast
// validator above stops at the first error and keeps the valid path (every mention) cheap.
const ajvAll = new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false });
addFormats(ajvAll, ['date-time', 'uri']);
/** Most problems one rejection lists; the rest are counted. */
const MAX_PROBLEMS = 20;

export function truncateRaw(raw: unknown): string {
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (Buffer.isBuffer(raw)) text = raw.subarray(0, RAW_TRUNCATE_CHARS * 4).toString('utf8');
  else {
    try {
      text = JSON.stringify(raw) ?? String(raw);
    } catch {
      // JSON.stringify throws on BigInt, cycles and very deep nesting; String() throws on null-prototype objects
      // and overflows the stack on deep arrays. `check` promises never to throw, so fall back to a description.
      try {
        text = String(raw);
      } catch {
        text = `[unprintable ${Array.isArray(raw) ? 'array' : typeof raw}]`;
      }
    }
  }
  return text.length > RAW_TRUNCATE_CHARS ? `${text.slice(0, RAW_TRUNCATE_CHARS)}…` : text;
}

function describe(e: ErrorObject): string {
  const path = e.instancePath === '' ? '/' : e.instancePath;
  if (e.keyword === 'additionalProperties')
    return `${path}: unknown property "${String(e.params['additionalProperty'])}"`;
  if (e.keyword === 'required') return `${path}: missing required property "${String(e.params['missingProperty'])}"`;
  return `${path}: ${e.message ?? e.keyword}`;
}

/** A compiled validator for one wire format. `check` never throws; it returns a Result with a VAKT_SCHEMA_INVALID. */
export interface Validator<T> {
  readonly name: string;
  readonly schema: TSchema;
  check(value: unknown): Result<T>;
  /** Parses JSON text or bytes, then validates. */
  parse(raw: string | Buffer): Result<T>;
}

export function compile<S extends TSchema>(name: string, schema: S): Validator<Static<S>> {
  const fn: ValidateFunction = ajv.compile(schema);
  let fnAll: ValidateFunction | undefined;
  const check = (value: unknown): Result<Static<S>> => {
    if (fn(value)) return ok(value as Static<S>);
    const first = fn.errors?.[0];
    fnAll ??= ajvAll.compile(schema);
    fnAll(value);
    const problems = [...new Set((fnAll.errors?.length ? fnAll.errors : (fn.errors ?? [])).map(describe))];
    const shown = problems.slice(0, MAX_PROBLEMS);
    const more = problems.length - shown.length;
    const reason = shown.length ? `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}` : 'invalid';
    return err(
      new VaktError('VAKT_SCHEMA_INVALID', `${name} ${reason}`, {
        context: { schema: name, path: first?.instancePath ?? '', problems: shown, rawTruncated: truncateRaw(value) },
      }),
    );
  };
  return {
    name,
    schema,
    check,
    parse(raw) {
      const text = typeof raw === 'string' ? raw : raw.toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        return err(
          new VaktError('VAKT_SCHEMA_INVALID', `${name} is not valid JSON: ${(cause as Error).message}`, {
            cause,
            context: { schema: name, path: '', rawTruncated: truncateRaw(text) },
          }),
        );
      }
      return check(value);
    },
  };
}
