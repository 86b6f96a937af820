import { describe, expect, it } from 'vitest';
import { clusterStatements, SHARDING_KEYS, toClusterMigration } from '../src/cluster-schema.js';
import { loadMigrations } from '../src/migrate.js';

const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('cluster schema derived from the single-node migrations', () => {
  const single = loadMigrations();
  const cluster = single.map(toClusterMigration);

  it('every single-node table becomes a replicated *_local table on every node plus a Distributed table with its name', () => {
    const tables = single
      .flatMap((m) => m.statements)
      .map((s) => /^CREATE TABLE IF NOT EXISTS vakt\.([a-z0-9_]+)/.exec(s)?.[1])
      .filter((t) => t !== undefined);
    expect(Object.keys(SHARDING_KEYS).sort()).toEqual([...tables].sort()); // no table without a key, no stale key
    const derived = cluster.flatMap((m) => m.statements).map(flat);
    for (const t of tables) {
      expect(
        derived.some(
          (s) =>
            s.startsWith(`CREATE TABLE IF NOT EXISTS vakt.${t}_local ON CLUSTER {cluster} (`) &&
            s.includes(`ENGINE = Replicated`) &&
            s.includes(`('/clickhouse/tables/{shard}/vakt/${t}_local', '{replica}'`),
        ),
        t,
      ).toBe(true);
      expect(derived).toContain(
        `CREATE TABLE IF NOT EXISTS vakt.${t} ON CLUSTER {cluster} AS vakt.${t}_local ENGINE = Distributed({cluster}, 'vakt', '${t}_local', ${SHARDING_KEYS[t]})`,
      );
    }
  });

  it('keeps columns, partitioning, ordering and the engine argument; views read and write the *_local tables', () => {
    const [local, distributed] = clusterStatements(
      "CREATE TABLE IF NOT EXISTS vakt.mentions\n(\n    id String,\n    label Enum8('negative' = -1, 'positive' = 1),\n    version UInt64\n)\nENGINE = ReplacingMergeTree(version)\nPARTITION BY toYYYYMM(created_at)\nORDER BY (watch, source, id)",
    );
    expect(flat(local!)).toBe(
      "CREATE TABLE IF NOT EXISTS vakt.mentions_local ON CLUSTER {cluster} ( id String, label Enum8('negative' = -1, 'positive' = 1), version UInt64 ) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/vakt/mentions_local', '{replica}', version) PARTITION BY toYYYYMM(created_at) ORDER BY (watch, source, id)",
    );
    expect(flat(distributed!)).toBe(
      "CREATE TABLE IF NOT EXISTS vakt.mentions ON CLUSTER {cluster} AS vakt.mentions_local ENGINE = Distributed({cluster}, 'vakt', 'mentions_local', cityHash64(source, id))",
    );
    const [mv] = clusterStatements(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS vakt.x_mv TO vakt.mentions_per_minute_v1\nAS SELECT\n    watch\nFROM vakt.mentions\nGROUP BY watch',
    );
    expect(flat(mv!)).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS vakt.x_mv ON CLUSTER {cluster} TO vakt.mentions_per_minute_v1_local AS SELECT watch FROM vakt.mentions_local GROUP BY watch',
    );
    expect(clusterStatements('GRANT SELECT ON vakt.* TO vakt_analyst')).toEqual([
      'GRANT ON CLUSTER {cluster} SELECT ON vakt.* TO vakt_analyst',
    ]);
  });

  it('a statement no rule covers, or a table without a sharding key, is an error, not a single-node statement on a cluster', () => {
    expect(() => clusterStatements('ALTER TABLE vakt.mentions ADD COLUMN x String')).toThrow(/no cluster form/);
    expect(() =>
      clusterStatements(
        'CREATE TABLE IF NOT EXISTS vakt.new_table\n(\n    a String\n)\nENGINE = MergeTree()\nORDER BY a',
      ),
    ).toThrow(/no sharding key for vakt.new_table/);
  });

  it('the same versions and requirements; the checksum changes with the derived SQL and the hand-written files’ checksums still count', () => {
    expect(cluster.map((m) => [m.version, m.name, m.requires])).toEqual(
      single.map((m) => [m.version, m.name, m.requires]),
    );
    expect(new Set(cluster.map((m) => m.checksum)).size).toBe(cluster.length);
    for (const [i, m] of cluster.entries()) expect(m.checksum).not.toBe(single[i]!.checksum);
    expect(cluster.every((m) => m.earlierChecksums?.length === 1)).toBe(true);
  });
});
