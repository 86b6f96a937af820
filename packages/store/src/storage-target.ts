/**
 * Where a statement that changes stored parts goes (ALTER … DELETE, DROP PARTITION) and where its progress is read.
 *
 * On one node that is the table itself and the node's own system tables. On a cluster (CLICKHOUSE_CLUSTER) the
 * readable names (`vakt.mentions`) are Distributed tables, which hold no parts: ClickHouse refuses mutations and
 * partition drops on them. The rows live in the replicated `*_local` tables, so the statement targets
 * `vakt.<table>_local ON CLUSTER '<cluster>'`; the distributed DDL queue hands it to every shard and, for replicated
 * tables, one replica per shard runs it and the others follow through the replication log (one mutation per shard,
 * never one per replica). Progress is read through the `cluster()` table function, which asks one replica of every
 * shard, because a node's own system.mutations and system.parts only know that node's shard.
 */
import type { StoreClient } from './client.js';
import { raw, sql, type SqlFragment } from './sql-literal.js';

export interface StorageTarget {
  /** What follows `ALTER TABLE`: `vakt.mentions`, or `vakt.mentions_local ON CLUSTER 'vakt'`. */
  readonly alter: SqlFragment;
  /** The table name as system.mutations and system.parts list it: `mentions` or `mentions_local`. */
  readonly table: string;
  /** A FROM clause for one of the node's system tables, or for that table on every shard. */
  system(name: 'mutations' | 'parts'): SqlFragment;
}

/** `table` is one of Vakt's own table names (never user input); the cluster name is escaped as a literal. */
export function storageTarget(store: Pick<StoreClient, 'cluster'>, table: string): StorageTarget {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`storageTarget: ${table} is not a Vakt table name`);
  const cluster = store.cluster;
  if (cluster === undefined) {
    return { alter: raw(`vakt.${table}`), table, system: (name) => raw(`system.${name}`) };
  }
  const local = `${table}_local`;
  return {
    alter: sql`${raw(`vakt.${local}`)} ON CLUSTER ${cluster}`,
    table: local,
    system: (name) => sql`cluster(${cluster}, system, ${raw(name)})`,
  };
}
