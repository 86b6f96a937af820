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
