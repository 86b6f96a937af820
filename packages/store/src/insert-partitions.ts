/**
 * Bounding the partitions one INSERT touches. ClickHouse refuses an insert block whose rows fall in more than
 * `max_partitions_per_insert_block` partitions (default 100, the same in chdb and in the server compose runs; 18.16
 * has no such limit) with error 252, and that insert can never succeed however often it is retried. `vakt.mentions`
 * and both rollups are partitioned by month of `created_at`, so a batch of mentions spread over more than 100 months
 * (a backfill, or one hostile request) must go in as several inserts.
 */

/**
 * Partitions per insert that Vakt stays within: ClickHouse's default `max_partitions_per_insert_block`. A server
 * configured lower still works: the insert fails with a non-retriable error and the sink bisects the batch
 * (packages/pipeline/src/batching-sink.ts) until each part fits.
 */
export const MAX_PARTITIONS_PER_INSERT = 100;

/** The partition of a `PARTITION BY toYYYYMM(t)` table for the time `ms` (UTC), e.g. 202611. */
export function monthPartition(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}

/**
 * Splits `items` into groups that each span at most `maxPartitions` distinct partitions. The common case (every
 * item in few partitions) is one group in the original order, with no copy. Otherwise items are grouped by
 * partition, partitions in the order first seen, and consecutive partitions are packed `maxPartitions` per group;
 * within a partition the original order is kept.
 */
export function splitByPartition<T, K>(
  items: readonly T[],
  partitionOf: (item: T) => K,
  maxPartitions = MAX_PARTITIONS_PER_INSERT,
): T[][] {
  if (!Number.isInteger(maxPartitions) || maxPartitions < 1)
    throw new RangeError(`maxPartitions must be a positive integer, got ${maxPartitions}`);
  if (items.length === 0) return [];
  const byPartition = new Map<K, T[]>();
  for (const item of items) {
    const key = partitionOf(item);
    let list = byPartition.get(key);
    if (list === undefined) byPartition.set(key, (list = []));
    list.push(item);
  }
  if (byPartition.size <= maxPartitions) return [items as T[]];
  const groups: T[][] = [];
  let current: T[] = [];
  let partitionsInCurrent = 0;
  for (const list of byPartition.values()) {
    if (partitionsInCurrent === maxPartitions) {
      groups.push(current);
      current = [];
      partitionsInCurrent = 0;
    }
    current.push(...list);
    partitionsInCurrent += 1;
  }
  groups.push(current);
  return groups;
}
