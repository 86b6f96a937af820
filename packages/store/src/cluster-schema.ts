/**
 * The cluster schema (CLICKHOUSE_CLUSTER), derived from the single-node migrations so the two cannot drift: columns,
 * partitioning, ordering and views are written once, in `migrations/NNN_*.sql`.
 *
 * Each rule below turns one single-node statement into its cluster form; a statement no rule knows is an error, so a
 * new kind of migration statement needs a decision here instead of silently running on one node only.
 *
 * - A table `vakt.T` becomes `vakt.T_local ON CLUSTER`, its engine the Replicated variant with the ZooKeeper path
 *   `/clickhouse/tables/{shard}/vakt/T_local` (`{shard}`, `{replica}` are the servers' macros), plus a Distributed
 *   table `vakt.T` over it, so everyone (sink, alerter, dashboard, analysts) keeps using the single-node names.
 * - A materialized view fires on every node's `*_local` source and writes the local rollup; a Distributed insert
 *   lands on one replica per shard and the rollup rows replicate like any insert.
 * - Users and grants are created on every node.
 */
import { createHash } from 'node:crypto';
import type { Migration } from './migrate.js';

/**
 * The Distributed tables' sharding keys. Rows that replace or merge with each other must share a shard: every
 * version of a mention (and its row for each watch) and every correction of it by (source, id), so FINAL and
 * uniqExact(source, id) stay exact across shards; every lifecycle row of one alert episode by fingerprint; a
 * re-delivered poison message by its origin. Rollups are only written by their views on the `*_local` tables, never
 * through the Distributed table, so their key is never used.
 */
export const SHARDING_KEYS: Readonly<Record<string, string>> = {
  mentions: 'cityHash64(source, id)',
  mentions_per_minute_v1: 'rand()',
  entity_mentions_per_minute_v1: 'rand()',
  alerts: 'cityHash64(fingerprint)',
  dead_letters: 'cityHash64(origin_topic, origin_partition, origin_offset)',
  label_corrections: 'cityHash64(source, id)',
};

const ON = 'ON CLUSTER {cluster}';

function table(statement: string): string[] | undefined {
  const m =
    /^CREATE TABLE IF NOT EXISTS vakt\.([a-z0-9_]+)(\s*\([\s\S]*\)\s*)ENGINE = ([A-Za-z]*MergeTree)\(([^)]*)\)([\s\S]*)$/.exec(
      statement,
    );
  if (!m) return undefined;
  const [, name = '', columns = '', engine = '', args = '', rest = ''] = m;
  const key = SHARDING_KEYS[name];
  if (key === undefined) throw new Error(`cluster schema: no sharding key for vakt.${name} (add it to SHARDING_KEYS)`);
  const local = `${name}_local`;
  const replicated = [
    `'/clickhouse/tables/{shard}/vakt/${local}'`,
    `'{replica}'`,
    ...(args.trim() === '' ? [] : [args.trim()]),
  ].join(', ');
  return [
    `CREATE TABLE IF NOT EXISTS vakt.${local} ${ON}${columns}ENGINE = Replicated${engine}(${replicated})${rest}`,
    `CREATE TABLE IF NOT EXISTS vakt.${name} ${ON} AS vakt.${local}\nENGINE = Distributed({cluster}, 'vakt', '${local}', ${key})`,
  ];
}

function view(statement: string): string[] | undefined {
  const m =
    /^CREATE MATERIALIZED VIEW IF NOT EXISTS (vakt\.[a-z0-9_]+) TO vakt\.([a-z0-9_]+)(\s+AS SELECT[\s\S]*\sFROM vakt\.)([a-z0-9_]+)(\s[\s\S]*)$/.exec(
      statement,
    );
  if (!m) return undefined;
  const [, mv = '', target = '', select = '', source = '', rest = ''] = m;
  return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${mv} ${ON} TO vakt.${target}_local${select}${source}_local${rest}`];
}

function access(statement: string): string[] | undefined {
  const user = /^CREATE USER IF NOT EXISTS ([a-z_]+) ([\s\S]*)$/.exec(statement);
  if (user) return [`CREATE USER IF NOT EXISTS ${user[1]} ${ON} ${user[2]}`];
  const grant = /^GRANT ([\s\S]*)$/.exec(statement);
  if (grant) return [`GRANT ${ON} ${grant[1]}`];
  return undefined;
}

/** The cluster form of one single-node migration statement. Throws for a statement no rule covers. */
export function clusterStatements(statement: string): string[] {
  const out = table(statement) ?? view(statement) ?? access(statement);
  if (out === undefined)
    throw new Error(
      `cluster schema: no cluster form for the statement starting ${JSON.stringify(statement.slice(0, 60))}`,
    );
  return out;
}

/**
 * Checksums of the hand-written cluster migration files (`migrations/cluster/`) these rules replaced. Their statements
 * were the derived ones, whitespace and the order of a view and its Distributed table aside (compared statement by
 * statement when the files were removed), so a cluster migrated from those files is up to date.
 */
const HAND_WRITTEN: Readonly<Record<number, string>> = {
  1: 'bbe4d5172b1b92f0ee8166fdbb7e8b24002a81fe629643a30e5fff681bb686ac',
  2: '9b3c84a589af2a22d9e1b3bd7acb3d96607a14cdeda781fccce99fb7bab11256',
  3: '9fd3d5ba01a61930de94a9ec77f0a86068c4f60011ac939cb6967415083e31b7',
  4: 'cce9a07570942de795135041adbc40e1e30a590bf9fd3aa4936cd771f609db49',
  5: '3e8928d8f64ab816e91dd3aec27c84180c4caeb73b980a9db9b07f93f45abd32',
};

/**
 * A single-node migration in its cluster form. Its checksum covers the derived statements, so an edit of the
 * single-node file or of these rules after it was applied is reported like an edited migration.
 */
export function toClusterMigration(m: Migration): Migration {
  const statements = m.statements.flatMap(clusterStatements);
  const earlier = HAND_WRITTEN[m.version];
  return {
    ...m,
    statements,
    checksum: createHash('sha256')
      .update(`cluster\n${statements.join(';\n')}`)
      .digest('hex'),
    ...(earlier === undefined ? {} : { earlierChecksums: [earlier] }),
  };
}
