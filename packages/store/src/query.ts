import { err, ok, type Result } from '@vakt/errors/result';
import type { StoreClient } from './client.js';
import { toStoreError } from './errors.js';
import type { SqlFragment } from './sql-literal.js';

/** Runs a SELECT built with `sql` and returns its rows (JSONEachRow). Failures become VAKT_CLICKHOUSE_* Results. */
export async function selectRows<T>(store: StoreClient, query: SqlFragment, what: string): Promise<Result<T[]>> {
  try {
    const rs = await store.ch.query({ query: query.text, format: 'JSONEachRow' });
    return ok(await rs.json<T>());
  } catch (e) {
    return err(toStoreError(e, 'VAKT_CLICKHOUSE_QUERY', what));
  }
}

/** Runs a statement without result rows (ALTER, OPTIMIZE, INSERT … VALUES from code). */
export async function runCommand(store: StoreClient, query: SqlFragment, what: string): Promise<Result<void>> {
  try {
    await store.ch.command({ query: query.text });
    return ok(undefined);
  } catch (e) {
    return err(toStoreError(e, 'VAKT_CLICKHOUSE_QUERY', what));
  }
}

/** JSON numbers from ClickHouse: 64-bit integers arrive quoted by default; everything numeric goes through here. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** Time range arguments: ISO strings or epoch ms; validated by the caller through `toDate`. */
export type TimeArg = string | number | Date;

export function toDate(v: TimeArg): Date | undefined {
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * Lone UTF-16 surrogates (valid in a JS string, so they pass the schema; truncating text by code units makes them)
 * have no UTF-8 form: JSON.stringify writes them as `\ud800` escapes, which ClickHouse's JSON parser rejects, failing
 * the whole batch. Rows store U+FFFD instead, deterministically, so a replay maps to the same key.
 */
export function wellFormedRow<T extends object>(row: T): T {
  const out = { ...row } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string') out[k] = v.toWellFormed();
    else if (Array.isArray(v)) out[k] = v.map((x: unknown) => (typeof x === 'string' ? x.toWellFormed() : x));
  }
  return out as unknown as T;
}
