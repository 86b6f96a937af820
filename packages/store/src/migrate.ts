import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import type { StoreClient } from './client.js';
import { sleep } from '@vakt/retry/sleep';
import { toClusterMigration } from './cluster-schema.js';
import { clickHouseCode, isNetworkError } from './errors.js';
import { literal, sql } from './sql-literal.js';

/** Options for the migration run. */
export interface MigrationOptions {
  /** Password for the `vakt_analyst` SQL user (migration 004). Default: random, so nobody can log in until an admin sets one. */
  analystPassword?: string;
  /** Injected clock for `applied_at`. */
  now?: () => number;
  /**
   * Name of a cluster in the servers' `remote_servers` (CLICKHOUSE_CLUSTER): apply the cluster schema (the same
   * migrations in their cluster form, cluster-schema.ts: ON CLUSTER, replicated shards behind Distributed tables).
   */
  cluster?: string;
}

/** A migration file `NNN_name.sql`: statements separated by `;` at line end, `-- vakt:requires X` directives. */
export interface Migration {
  version: number;
  name: string;
  checksum: string;
  requires: string[];
  statements: string[];
  /** Checksums an earlier form of this migration was recorded with, for the same statements. */
  earlierChecksums?: readonly string[];
}

export interface MigrationReport {
  applied: number[];
  skipped: { version: number; reason: string }[];
}

/** Where the .sql files live: `<pkg>/migrations`, one level above both `src/` and `dist/`. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

export function parseMigration(fileName: string, text: string): Migration {
  const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(fileName);
  if (!m) throw new Error(`migration file name ${fileName} must look like 001_name.sql`);
  const requires = [...text.matchAll(/^--\s*vakt:requires\s+([a-z_]+)\s*$/gm)].map((r) => r[1] ?? '');
  const body = text
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n');
  const statements = body
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return {
    version: Number(m[1]),
    name: m[2] ?? '',
    checksum: createHash('sha256').update(text).digest('hex'),
    requires,
    statements,
  };
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseMigration(f, readFileSync(join(dir, f), 'utf8')));
}

const MIGRATIONS_COLUMNS =
  "(version UInt32, name String, checksum String, status String, reason String, applied_at DateTime('UTC'))";

/**
 * The database and the bookkeeping table. One row per (version, status change); ReplacingMergeTree collapses the
 * duplicates two racing starters write. On a cluster the table is one replicated table on every node (a ZooKeeper
 * path without {shard}), so whichever node a service connects to knows what was applied.
 */
export function bootstrapStatements(cluster?: string): string[] {
  if (cluster === undefined) {
    return [
      'CREATE DATABASE IF NOT EXISTS vakt',
      `CREATE TABLE IF NOT EXISTS vakt.schema_migrations ${MIGRATIONS_COLUMNS} ENGINE = ReplacingMergeTree() ORDER BY (version, status)`,
    ];
  }
  const on = `ON CLUSTER ${literal(cluster)}`;
  return [
    `CREATE DATABASE IF NOT EXISTS vakt ${on}`,
    `CREATE TABLE IF NOT EXISTS vakt.schema_migrations ${on} ${MIGRATIONS_COLUMNS}
     ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/vakt/schema_migrations', '{replica}') ORDER BY (version, status)`,
  ];
}

/** Server macros (config `<macros>`) that ClickHouse itself expands in replicated tables' ZooKeeper paths. */
const SERVER_MACROS = new Set(['shard', 'replica']);

/**
 * Substitutes `{name}` placeholders with escaped literals; `{shard}` and `{replica}` are left for the server.
 * Unknown placeholders are a bug in the migration file.
 */
function substitute(statement: string, vars: Record<string, string>): string {
  return statement.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (SERVER_MACROS.has(name)) return whole;
    const v = vars[name];
    if (v === undefined) throw new Error(`migration placeholder ${whole} has no value`);
    return literal(v);
  });
}

// ClickHouse codes meaning "this user/engine may not manage users": ACCESS_DENIED, ACCESS_STORAGE_FOR_INSERTION_NOT_FOUND.
const NO_USER_MANAGEMENT = new Set([497, 495, 516]);

/**
 * Applies pending migrations in order, once each, and records them in `vakt.schema_migrations`. Idempotent: every
 * statement is `IF NOT EXISTS`, so a crash between applying and recording, or two services starting together,
 * converge. A migration whose file changed after it was applied is an error (add a new one instead).
 * A migration needing a capability the engine lacks is recorded as skipped with the reason, and re-checked next start.
 */
export async function migrate(
  store: StoreClient,
  opts: MigrationOptions = {},
  migrations = opts.cluster === undefined ? loadMigrations() : loadMigrations().map(toClusterMigration),
): Promise<Result<MigrationReport>> {
  const now = opts.now ?? Date.now;
  const report: MigrationReport = { applied: [], skipped: [] };
  let current: Migration | undefined;
  try {
    for (const q of bootstrapStatements(opts.cluster)) await sendStatement(store, q);
    const rs = await store.ch.query({
      query: 'SELECT version, status, checksum, reason FROM vakt.schema_migrations FINAL',
      format: 'JSONEachRow',
    });
    const done = new Map<number, { status: string; checksum: string; reason: string }>();
    for (const r of await rs.json<{ version: number | string; status: string; checksum: string; reason: string }>()) {
      const prev = done.get(Number(r.version));
      if (prev?.status !== 'applied') done.set(Number(r.version), r);
    }
    const vars: Record<string, string> = {
      analyst_password: opts.analystPassword ?? randomBytes(24).toString('base64url'),
    };
    if (opts.cluster !== undefined) vars.cluster = opts.cluster;
    for (const mig of migrations) {
      current = mig;
      const prev = done.get(mig.version);
      if (prev?.status === 'applied') {
        if (prev.checksum !== mig.checksum && !mig.earlierChecksums?.includes(prev.checksum)) {
          return err(
            new VaktError(
              'VAKT_MIGRATION_FAILED',
              `Migration ${mig.version}_${mig.name} changed after it was applied; add a new migration instead`,
              {
                context: { version: mig.version },
              },
            ),
          );
        }
        continue;
      }
      const record = async (status: string, reason: string): Promise<void> => {
        if (prev?.status === status && prev.reason === reason) return;
        await sendStatement(
          store,
          sql`INSERT INTO vakt.schema_migrations VALUES (${mig.version}, ${mig.name}, ${mig.checksum}, ${status}, ${reason}, ${new Date(now())})`
            .text,
        );
      };
      const skip = await applyOne(store, mig, vars);
      if (skip !== undefined) {
        report.skipped.push({ version: mig.version, reason: skip });
        await record('skipped', skip);
      } else {
        report.applied.push(mig.version);
        await record('applied', '');
      }
    }
    return ok(report);
  } catch (e) {
    const where = current ? `${current.version}_${current.name}` : 'bootstrap';
    return err(
      new VaktError(
        'VAKT_MIGRATION_FAILED',
        `Migration ${where} failed${clickHouseCode(e) ? ` (ClickHouse error code ${clickHouseCode(e)})` : ''}`,
        {
          cause: e,
          context: { migration: where },
        },
      ),
    );
  }
}

/** Runs one migration's statements. Returns a reason when it was skipped for a missing capability. */
async function applyOne(store: StoreClient, mig: Migration, vars: Record<string, string>): Promise<string | undefined> {
  if (mig.requires.includes('sql_users') && !store.capabilities.sqlUsers) {
    return `ClickHouse ${store.version} has no SQL users; the read-only user is configured in users.xml (infra/clickhouse)`;
  }
  for (const statement of mig.statements) {
    try {
      await sendStatement(store, substitute(statement, vars));
    } catch (e) {
      const code = clickHouseCode(e);
      if (mig.requires.includes('sql_users') && code !== undefined && NO_USER_MANAGEMENT.has(code)) {
        return `this engine does not let Vakt manage users (ClickHouse error code ${code}); ${
          store.engine === 'chdb' ? 'chdb is in-process: use `vakt sql`' : 'configure vakt_analyst in users.xml'
        }`;
      }
      throw e;
    }
  }
  return undefined;
}

/**
 * One migration statement, sent again (up to 3 times) when the connection drops before an answer: on a loaded machine
 * a keep-alive socket the server has just closed answers "socket hang up". Safe because every statement is
 * idempotent (`IF NOT EXISTS`, and the bookkeeping table is a ReplacingMergeTree read with FINAL).
 */
async function sendStatement(store: StoreClient, query: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await store.ch.command({ query });
      return;
    } catch (e) {
      if (attempt >= 3 || !isNetworkError(e)) throw e;
      await sleep(250 * attempt);
    }
  }
}
