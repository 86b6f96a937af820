/**
 * Privacy operations: GDPR erasure of one author, and retention. Both are ClickHouse mutations
 * (`ALTER TABLE … DELETE`, available since 1.1.54388, so on 18.16 too) or partition drops, and both wait until the
 * mutation has finished (polling system.mutations: 18.16 has no `mutations_sync`) so the caller can report "done".
 * On a cluster both go to the replicated `*_local` tables ON CLUSTER and are watched on every shard (storage-target.ts);
 * counts and key lists read the Distributed tables, so they cover every shard too.
 */
import { VaktError } from '@vakt/errors/vakt-error';
import { sleep } from '@vakt/retry/sleep';
import { err, ok, type Result } from '@vakt/errors/result';
import type { StoreClient } from './client.js';
import type { Pseudonymiser } from './pseudonym.js';
import { num, runCommand, selectRows } from './query.js';
import { join, raw, sql, type SqlFragment } from './sql-literal.js';
import { storageTarget } from './storage-target.js';

export interface PrivacyDeps {
  now?: () => number;
  /** How long to wait for mutations to finish (default 120 000 ms). */
  mutationTimeoutMs?: number;
  /** The pseudonymiser the sink uses, so erasure finds pseudonymised rows too. */
  pseudonymise?: Pseudonymiser;
}

/** Waits until no mutation of `table` is pending (on a cluster: on any shard). */
async function waitForMutations(store: StoreClient, table: string, timeoutMs: number): Promise<Result<void>> {
  const deadline = Date.now() + timeoutMs;
  const target = storageTarget(store, table);
  for (;;) {
    const r = await selectRows<{ n: unknown }>(
      store,
      sql`SELECT count() AS n FROM ${target.system('mutations')} WHERE database = 'vakt' AND table = ${target.table} AND is_done = 0`,
      'waiting for mutations',
    );
    if (!r.ok) return r;
    if (num(r.value[0]?.n ?? 0) === 0) return ok(undefined);
    if (Date.now() > deadline) {
      return err(
        new VaktError(
          'VAKT_CLICKHOUSE_QUERY',
          `Mutation on vakt.${table} did not finish within ${timeoutMs} ms; it continues in the background`,
          { retriable: true, context: { table } },
        ),
      );
    }
    await sleep(100);
  }
}

/** Counts rows matching, then deletes them with a mutation and waits. Returns the count deleted. */
async function deleteWhere(
  store: StoreClient,
  table: string,
  where: SqlFragment,
  timeoutMs: number,
): Promise<Result<number>> {
  const counted = await selectRows<{ n: unknown }>(
    store,
    sql`SELECT count() AS n FROM ${raw(`vakt.${table}`)} WHERE ${where}`,
    `counting rows in vakt.${table}`,
  );
  if (!counted.ok) return counted;
  const n = num(counted.value[0]?.n ?? 0);
  if (n === 0) return ok(0); // no needless mutation: each rewrites whole parts
  const done = await runCommand(
    store,
    sql`ALTER TABLE ${storageTarget(store, table).alter} DELETE WHERE ${where}`,
    `deleting from vakt.${table}`,
  );
  if (!done.ok) return done;
  const waited = await waitForMutations(store, table, timeoutMs);
  return waited.ok ? ok(n) : waited;
}

export interface ErasureRequest {
  /** The author's id at the source. */
  authorId?: string;
  /** The author's handle. */
  handle?: string;
}

export interface ErasureReport {
  /** Rows deleted per table (mention rows count once per watch). */
  deleted: Record<string, number>;
  /**
   * What other holders of mention data (the alerter's alerts and delivery log) must forget: the erased mentions'
   * keys (`source:id`) and the author's handle in every stored form (clear and pseudonymised). Not for logs.
   */
  forget?: { keys: string[]; authors: string[] };
}

/**
 * Erases everything stored about one author: their mention rows (by id and/or handle, raw and pseudonymised forms),
 * hence their top-mention entries in alerts (rehydrated from mentions), the label corrections made on their mentions
 * (which hold a copy of the text), and dead letters whose raw JSON names them.
 * Rollups keep anonymous counts (a set of hashed mention keys, no author data), so volumes stay true.
 */
export const eraseAuthor =
  (store: StoreClient, deps: PrivacyDeps = {}) =>
  async (req: ErasureRequest): Promise<Result<ErasureReport>> => {
    const ids = new Set<string>();
    const handles = new Set<string>();
    if (req.authorId !== undefined && req.authorId !== '') ids.add(req.authorId);
    if (req.handle !== undefined && req.handle !== '') handles.add(req.handle);
    if (ids.size === 0 && handles.size === 0)
      return err(new VaktError('VAKT_SCHEMA_INVALID', 'eraseAuthor: give authorId or handle'));
    const p = deps.pseudonymise;
    if (p) {
      for (const id of [...ids]) ids.add(p('id', id));
      for (const h of [...handles]) handles.add(p('handle', h));
    }
    const conditions: SqlFragment[] = [];
    if (ids.size > 0) conditions.push(sql`author_id IN (${raw([...ids].map((v) => sql`${v}`.text).join(', '))})`);
    if (handles.size > 0) conditions.push(sql`author IN (${raw([...handles].map((v) => sql`${v}`.text).join(', '))})`);
    const timeout = deps.mutationTimeoutMs ?? 120_000;
    const deleted: Record<string, number> = {};
    // Read before the delete: afterwards nothing links the author to their mentions' keys.
    const keys = await selectRows<{ source: unknown; id: unknown }>(
      store,
      sql`SELECT DISTINCT source, id FROM vakt.mentions WHERE ${join(conditions, ' OR ')}`,
      'listing the erased mentions',
    );
    if (!keys.ok) return keys;
    const forget = { keys: keys.value.map((k) => `${String(k.source)}:${String(k.id)}`), authors: [...handles] };
    const mentions = await deleteWhere(store, 'mentions', join(conditions, ' OR '), timeout);
    if (!mentions.ok) return mentions;
    deleted['mentions'] = mentions.value;
    // Analysts' label corrections keep a copy of the text (so training outlives retention): erase those too.
    const corrections = await deleteWhere(store, 'label_corrections', join(conditions, ' OR '), timeout);
    if (!corrections.ok) return corrections;
    deleted['label_corrections'] = corrections.value;
    // Dead letters hold raw JSON: match the JSON-encoded values as whole strings ("…"), not substrings of other names.
    const needles = [...ids, ...handles]
      .filter((v) => !v.startsWith('p:'))
      .map((v) => sql`position(raw_truncated, ${JSON.stringify(v)}) > 0`);
    if (needles.length > 0) {
      const dl = await deleteWhere(store, 'dead_letters', join(needles, ' OR '), timeout);
      if (!dl.ok) return dl;
      deleted['dead_letters'] = dl.value;
    }
    return ok({ deleted, forget });
  };

export interface RetentionRequest {
  /** Only this watch (row deletes); without it, every watch (partition drops plus the boundary month). */
  watch?: string;
  /** Keep this many days; older goes. At least 1. */
  days: number;
}

export interface RetentionReport {
  droppedPartitions: Record<string, string[]>;
  deleted: Record<string, number>;
}

/** Tables with their time column; the partition key of each is toYYYYMM(of that column). */
const RETAINED: readonly { table: string; time: string; perWatch: boolean }[] = [
  { table: 'mentions', time: 'created_at', perWatch: true },
  { table: 'mentions_per_minute_v1', time: 'minute', perWatch: true },
  { table: 'entity_mentions_per_minute_v1', time: 'minute', perWatch: true },
  { table: 'alerts', time: 'starts_at', perWatch: true },
  { table: 'dead_letters', time: 'failed_at', perWatch: false },
];

const yyyymm = (d: Date): number => d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;

/**
 * Enforces retention: data older than `days` goes. Without a watch, whole months before the cutoff month are dropped
 * as partitions (cheap, instant) and the rest of the cutoff month is deleted by mutation. With a watch, rows of that
 * watch are deleted by mutation (partitions are shared by watches). Rollups go too: nothing older survives anywhere.
 * ClickHouse 18.16 has no TTL, so this runs from the application (schedule it, e.g. hourly).
 */
export const applyRetention =
  (store: StoreClient, deps: PrivacyDeps = {}) =>
  async (req: RetentionRequest): Promise<Result<RetentionReport>> => {
    if (!Number.isInteger(req.days) || req.days < 1)
      return err(
        new VaktError('VAKT_CONFIG_INVALID', `retention days: expected an integer >= 1, got ${String(req.days)}`),
      );
    const now = (deps.now ?? Date.now)();
    const cutoff = new Date(Math.floor((now - req.days * 86_400_000) / 1000) * 1000);
    const timeout = deps.mutationTimeoutMs ?? 120_000;
    const report: RetentionReport = { droppedPartitions: {}, deleted: {} };
    for (const t of RETAINED) {
      if (req.watch !== undefined && !t.perWatch) continue;
      if (req.watch === undefined) {
        const target = storageTarget(store, t.table);
        const parts = await selectRows<{ partition: string }>(
          store,
          sql`SELECT DISTINCT partition FROM ${target.system('parts')} WHERE database = 'vakt' AND table = ${target.table} AND active ORDER BY partition`,
          'listing partitions',
        );
        if (!parts.ok) return parts;
        const old = parts.value
          .map((p) => String(p.partition))
          .filter((p) => /^\d{6}$/.test(p) && Number(p) < yyyymm(cutoff));
        for (const p of old) {
          const dropped = await runCommand(
            store,
            sql`ALTER TABLE ${target.alter} DROP PARTITION ${Number(p)}`,
            `dropping a partition of vakt.${t.table}`,
          );
          if (!dropped.ok) return dropped;
        }
        report.droppedPartitions[t.table] = old;
      }
      const where =
        req.watch === undefined
          ? sql`${raw(t.time)} < ${cutoff}`
          : sql`watch = ${req.watch} AND ${raw(t.time)} < ${cutoff}`;
      const deleted = await deleteWhere(store, t.table, where, timeout);
      if (!deleted.ok) return deleted;
      report.deleted[t.table] = deleted.value;
    }
    return ok(report);
  };
