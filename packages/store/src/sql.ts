/**
 * `vakt sql`: run an analyst's read-only query. Two locks, because a regex alone is not a security boundary:
 * 1. a lexical gate (this file): exactly one statement, starting with SELECT/WITH/SHOW/DESCRIBE/DESC/EXISTS/EXPLAIN,
 *    with no SETTINGS, FORMAT or INTO OUTFILE of its own (comments and quoted text are skipped when checking);
 * 2. the engine enforces readonly=1 for the query: over HTTP as a per-request setting (18.16 and newer servers),
 *    in chdb as a query-level `SETTINGS readonly = 1` (a session `SET` would stick to the embedded engine for good,
 *    and the gate's SETTINGS ban is what stops a query from overriding it).
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { StoreClient } from './client.js';
import { toStoreError } from './errors.js';

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

const ALLOWED_FIRST = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXISTS', 'EXPLAIN']);
const FORBIDDEN_WORDS = new Set(['SETTINGS', 'FORMAT', 'OUTFILE']);

/**
 * The query with comments and the insides of quoted strings/identifiers replaced by spaces, same length as the input,
 * so keywords and semicolons can be checked and positions map back to the original text.
 */
export function maskSql(text: string): Result<string> {
  const out = text.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if ((ch === '-' && next === '-') || ch === '#') {
      // `--` and (in ClickHouse) `#` start line comments
      let j = i;
      while (j < text.length && text[j] !== '\n') j++;
      blank(i, j);
      i = j;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return err(new VaktError('VAKT_FORBIDDEN', 'vakt sql: unterminated /* comment'));
      blank(i, end + 2);
      i = end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return err(new VaktError('VAKT_FORBIDDEN', `vakt sql: unterminated ${ch} quote`));
        const c = text[j];
        if (c === '\\') j += 2;
        else if (c === ch && text[j + 1] === ch)
          j += 2; // doubled quote inside
        else if (c === ch) break;
        else j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else i++;
  }
  return ok(out.join(''));
}

/** The lexical gate. Returns the statement to send (trailing semicolons and comments removed) or why it is refused. */
export function checkReadOnlySql(text: string): Result<string> {
  const refuse = (why: string): Result<never> =>
    err(new VaktError('VAKT_FORBIDDEN', `vakt sql runs read-only queries only: ${why}`));
  const masked = maskSql(text);
  if (!masked.ok) return masked;
  const body = masked.value.replace(/[\s;]+$/, '');
  if (body.trim() === '') return refuse('the query is empty');
  if (body.includes(';')) return refuse('one statement at a time');
  const words = body.toUpperCase().match(/[A-Z_][A-Z0-9_]*/g) ?? [];
  const first = words[0] ?? '';
  if (!ALLOWED_FIRST.has(first) || !/^[\s(]*[A-Za-z]/.test(body)) {
    return refuse(
      `statements starting with ${first || 'that'} are not allowed (use SELECT, WITH, SHOW, DESCRIBE, EXISTS or EXPLAIN)`,
    );
  }
  const bad = words.find((w) => FORBIDDEN_WORDS.has(w));
  if (bad) return refuse(`${bad} is not allowed here (Vakt sets the output format and the read-only setting itself)`);
  // Masking preserves length, so the masked body's end is the original statement's end.
  return ok(text.slice(0, body.length));
}

/**
 * Runs one read-only statement and returns columns and rows (JSONCompact). Refusals are VAKT_FORBIDDEN; engine
 * errors are VAKT_CLICKHOUSE_QUERY whose `cause` holds ClickHouse's message (show it to the analyst who typed
 * the query; do not log it, it may quote data).
 */
export async function runReadOnlySql(store: StoreClient, text: string): Promise<Result<SqlResult>> {
  const checked = checkReadOnlySql(text);
  if (!checked.ok) return checked;
  return executeReadOnly(store, checked.value);
}

/**
 * The engine-side lock alone: runs `statement` with readonly=1 enforced by ClickHouse, without the lexical gate.
 * Exported so tests can prove the engine refuses writes on its own; callers want `runReadOnlySql`.
 */
export async function executeReadOnly(store: StoreClient, statement: string): Promise<Result<SqlResult>> {
  const embedded = store.engine === 'chdb';
  // A trailing `-- comment` would swallow an appended clause: the newline ends it.
  const query = embedded ? `${statement}\nSETTINGS readonly = 1` : statement;
  try {
    const rs = await store.ch.query({
      query,
      format: 'JSONCompact',
      ...(embedded ? {} : { clickhouse_settings: { readonly: '1' } }),
    });
    const json = (await rs.json()) as unknown as { meta: { name: string; type: string }[]; data: unknown[][] };
    return ok({ columns: json.meta.map((m) => ({ name: m.name, type: m.type })), rows: json.data });
  } catch (e) {
    return err(toStoreError(e, 'VAKT_CLICKHOUSE_QUERY', 'the SQL query'));
  }
}

/**
 * What to show the analyst who typed the query: the VaktError message plus the first line of ClickHouse's own
 * message (e.g. "Missing columns: 'x'"), at most 500 characters. For the interactive `vakt sql` user only: the engine
 * message may quote data, so never log it.
 */
export function describeSqlError(error: VaktError): string {
  const cause = error.cause instanceof Error ? error.cause.message : '';
  // The read-only clause Vakt appends on chdb is not what the analyst typed: keep it out of the quoted query.
  const first = (cause.split('\n')[0] ?? '')
    .replace(/^Code: \d+, e\.displayText\(\) = /, '')
    .replace(/\s+SETTINGS readonly = 1\b/, '')
    .slice(0, 500);
  return first ? `${error.message}: ${first}` : error.message;
}
