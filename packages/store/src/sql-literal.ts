/**
 * SQL literals for ClickHouse, for the places where binding is not available.
 *
 * Why not `{name:Type}` query parameters: Debian's clickhouse-server 18.16 predates them (they arrived in 19.x), and
 * Vakt runs one set of queries on it and on chdb. So every value that reaches SQL text goes through `literal()`, and
 * every query is built with the `sql` template tag, which cannot interpolate a raw string by accident. Bulk data
 * (mention text) never goes through here: inserts send rows as a JSONEachRow body, parsed as data, not SQL.
 *
 * ClickHouse string literals: single quotes; backslash escapes are interpreted
 * (https://clickhouse.com/docs/en/sql-reference/syntax#string). We escape backslash first, then the quote, and spell
 * every control character as an escape so that no raw NUL, newline or other byte below 0x20 ends up in query text
 * (a raw NUL is where C-string handling in older tooling truncates). Lone UTF-16 surrogates cannot be encoded as
 * UTF-8; they are replaced by U+FFFD, exactly as Buffer.from(text) would when the query is sent.
 */

/** A fragment of SQL that is known safe: produced by `sql`, `ident` or `raw` (for constants in code only). */
export class SqlFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Values `literal` accepts. Dates become `toDateTime('…', 'UTC')` (second precision, like the columns). */
export type SqlValue = string | number | bigint | boolean | null | Date | SqlFragment | readonly SqlValue[];

const CONTROL_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Escapes the inside of a single-quoted ClickHouse string (without the quotes). */
export function escapeString(value: string): string {
  // toWellFormed: lone surrogates → U+FFFD, so what we escape is what is sent.
  const wellFormed = value.toWellFormed();
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
  return wellFormed.replace(/[\\'\u0000-\u001f\u007f]/g, (ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === "'") return "\\'";
    const named = CONTROL_ESCAPES[ch];
    if (named !== undefined) return named;
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** `YYYY-MM-DD hh:mm:ss` in UTC, the text form of a ClickHouse DateTime. Throws on an invalid date (a bug). */
export function toClickHouseDateTime(date: Date | number): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new TypeError('toClickHouseDateTime: invalid date');
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses ClickHouse's `YYYY-MM-DD hh:mm:ss` (a DateTime('UTC') column) back into ISO 8601 with a Z. */
export function fromClickHouseDateTime(text: string): string {
  return `${text.replace(' ', 'T')}.000Z`;
}

/** DateTime is seconds since 1970 in a UInt32: what fits. */
export const MIN_DATETIME_MS = 0;
export const MAX_DATETIME_MS = 4_294_967_295_000;

/** Renders one value as a SQL literal. Throws TypeError for values that have no safe literal (NaN, Infinity). */
export function literal(value: SqlValue): string {
  if (value instanceof SqlFragment) return value.text;
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${escapeString(value)}'`;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`literal: ${value} has no SQL literal`);
    // Negative numbers are parenthesised so `a -${x}` can never become a comment (`--`).
    return value < 0 || Object.is(value, -0) ? `(${String(value)})` : String(value);
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    if (!(ms >= MIN_DATETIME_MS && ms <= MAX_DATETIME_MS)) throw new TypeError('literal: date outside DateTime range');
    return `toDateTime('${toClickHouseDateTime(value)}', 'UTC')`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => literal(v)).join(', ')}]`;
  throw new TypeError(`literal: unsupported value of type ${typeof value}`);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** A table or column name from code (never from users): validated, unquoted. Throws on anything else (a bug). */
export function ident(name: string): SqlFragment {
  if (!IDENT.test(name)) throw new TypeError(`ident: ${JSON.stringify(name)} is not a plain identifier`);
  return new SqlFragment(name);
}

/** SQL text from code, trusted as is. For constants only: never pass user input. */
export const raw = (text: string): SqlFragment => new SqlFragment(text);

/**
 * Template tag: every interpolation is rendered with `literal()` (fragments pass through). So
 *   sql`SELECT * FROM vakt.mentions WHERE watch = ${watch}`
 * is safe for any `watch`.
 */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += literal(v) + (strings[i + 1] ?? '');
  });
  return new SqlFragment(out);
}

/** Joins fragments with a separator (e.g. ' AND '). */
export function join(fragments: readonly SqlFragment[], separator: string): SqlFragment {
  return new SqlFragment(fragments.map((f) => f.text).join(separator));
}
