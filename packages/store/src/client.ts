import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, ok, type Result } from '@vakt/errors/result';
import { isNetworkError, toStoreError } from './errors.js';
import { ident, sql } from './sql-literal.js';
import { migrate, type MigrationOptions } from './migrate.js';

/** How to reach ClickHouse: in-process chdb over a data folder, or a ClickHouse server over HTTP. */
export type StoreClientOptions = (
  | {
      mode: 'embedded';
      /** Folder holding the embedded database; created if missing, survives restarts. One per process (chdb). */
      dataDir: string;
    }
  | {
      mode: 'server';
      /** HTTP interface, e.g. http://127.0.0.1:8123 */
      url: string;
      username?: string;
      password?: string;
      /**
       * Default database for unqualified names (analysts' ad-hoc SQL); Vakt's own SQL always qualifies `vakt.`.
       * Created at connect when missing (unless `migrate: false`), so `vakt` works against a fresh server.
       */
      database?: string;
      /** Per-request timeout in ms (default 30 000). */
      requestTimeoutMs?: number;
      /**
       * Cluster name from the servers' `remote_servers` (CLICKHOUSE_CLUSTER). Migrations then build the cluster
       * schema (the same migrations in their cluster form, cluster-schema.ts), and inserts into its Distributed
       * tables are synchronous (`insert_distributed_sync=1`): an insert returns only when every row is on its shard, so a shard that is
       * down fails the insert (the sink retries it) instead of the row waiting in a node's local send queue.
       */
      cluster?: string;
    }
) & {
  /** Apply pending migrations before returning (default true). Pass false for read-only users. */
  migrate?: boolean;
  migration?: MigrationOptions;
};

/** What the engine can do; decides which SQL paths Vakt takes. Detected once at connect from `version()`. */
export interface StoreCapabilities {
  /** `SELECT … SETTINGS readonly = 1` at query level (modern ClickHouse and chdb; not 18.16). */
  querySettingsClause: boolean;
  /** `mutations_sync` setting: ALTER … DELETE can wait for itself (19.x+). Otherwise Vakt polls system.mutations. */
  mutationsSync: boolean;
  /** `CREATE USER` (20.5+). 18.16 defines users in users.xml only. */
  sqlUsers: boolean;
}

/**
 * One `@clickhouse/client` API over both engines. `ch` is the real ClickHouseClient (embedded: with chdb plugged in
 * as its connection), so every query helper in this package takes a StoreClient and works on both.
 */
export interface StoreClient {
  readonly ch: ClickHouseClient;
  readonly engine: 'chdb' | 'server';
  /** `version()` of the engine, e.g. '18.16.1' or '26.7.2.1'. */
  readonly version: string;
  readonly capabilities: StoreCapabilities;
  /** The ClickHouse cluster the store spans (cluster schema), or undefined for one node. */
  readonly cluster?: string;
  /** Health check: resolves ok when a trivial query round-trips. Never throws. */
  ping(): Promise<Result<void>>;
  /** Closes the client (and the embedded engine). Idempotent. */
  close(): Promise<void>;
}

export function parseVersion(version: string): [number, number] {
  const [major = 0, minor = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return [major, minor];
}

export function capabilitiesFor(version: string): StoreCapabilities {
  const [major, minor] = parseVersion(version);
  const atLeast = (M: number, m: number): boolean => major > M || (major === M && minor >= m);
  return { querySettingsClause: atLeast(19, 1), mutationsSync: atLeast(19, 11), sqlUsers: atLeast(20, 5) };
}

// The client's own logger prints server error text, which can echo mention text: keep it off.
const LOG_OFF = { level: ClickHouseLogLevel.OFF };

/**
 * Every HTTP request carries `database=…`, so a database that does not exist yet fails even `SELECT version()`.
 * Create it first through a client on `default` (migrations create `vakt` anyway; this covers a custom name).
 */
async function ensureDatabase(opts: Extract<StoreClientOptions, { mode: 'server' }>): Promise<void> {
  const database = opts.database ?? 'default';
  if (database === 'default' || opts.migrate === false) return;
  const boot = createClient({
    url: opts.url,
    username: opts.username ?? 'default',
    password: opts.password ?? '',
    request_timeout: opts.requestTimeoutMs ?? 30_000,
    log: LOG_OFF,
  });
  try {
    await boot.command({ query: `CREATE DATABASE IF NOT EXISTS ${ident(database).text}` });
  } finally {
    await boot.close();
  }
}

async function buildClient(opts: StoreClientOptions): Promise<ClickHouseClient> {
  if (opts.mode === 'embedded') {
    const dir = resolve(opts.dataDir);
    // chdb writes its parts with the process umask; `vakt` sets 0077 at start so they are private too.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Loaded lazily: server-mode processes never load the native engine.
    const { createChdbConnection } = await import('chdb/connection');
    // chdb is typed against @clickhouse/client-common, the client against its bundled copy: same contract, two
    // declarations (chdb/connection's README), hence the cast.
    type Conn = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
    return createClient({ connection: createChdbConnection({ path: dir }) as unknown as Conn, log: LOG_OFF });
  }
  return createClient({
    url: opts.url,
    username: opts.username ?? 'default',
    password: opts.password ?? '',
    database: opts.database ?? 'default',
    request_timeout: opts.requestTimeoutMs ?? 30_000,
    log: LOG_OFF,
    ...(opts.cluster === undefined ? {} : { clickhouse_settings: { insert_distributed_sync: 1 } }),
  });
}

/** A CLICKHOUSE_CLUSTER the server does not define would fail every ON CLUSTER statement: say so once, plainly. */
async function assertClusterKnown(ch: ClickHouseClient, cluster: string): Promise<void> {
  const rs = await ch.query({
    query: sql`SELECT count() AS n FROM system.clusters WHERE cluster = ${cluster}`.text,
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ n: string | number }>();
  if (Number(row?.n ?? 0) === 0) {
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `CLICKHOUSE_CLUSTER: the server defines no cluster named ${JSON.stringify(cluster)} in remote_servers (see system.clusters)`,
      {
        context: { cluster },
      },
    );
  }
}

/**
 * Connects, detects the engine version and (unless `migrate: false`) applies pending migrations.
 * Throws VaktError VAKT_CLICKHOUSE_UNAVAILABLE when the engine cannot be reached or opened, and
 * VAKT_MIGRATION_FAILED when a migration fails; on failure nothing stays open.
 */
export async function createStoreClient(opts: StoreClientOptions): Promise<StoreClient> {
  let ch: ClickHouseClient;
  try {
    if (opts.mode === 'server') await ensureDatabase(opts);
    ch = await buildClient(opts);
  } catch (e) {
    if (e instanceof TypeError)
      throw new VaktError(
        'VAKT_CONFIG_INVALID',
        `CLICKHOUSE_DATABASE: expected a plain name, got ${JSON.stringify((opts as { database?: string }).database)}`,
      );
    throw new VaktError('VAKT_CLICKHOUSE_UNAVAILABLE', `Could not open the ClickHouse ${opts.mode} store`, {
      cause: e,
      retriable: opts.mode === 'server' && isNetworkError(e),
      context: { mode: opts.mode },
    });
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await ch.close();
  };
  try {
    const rs = await ch.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
    const [row] = await rs.json<{ v: string }>();
    const version = row?.v ?? '0.0';
    const store: StoreClient = {
      ch,
      engine: opts.mode === 'embedded' ? 'chdb' : 'server',
      version,
      capabilities: capabilitiesFor(version),
      ...(opts.mode === 'server' && opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
      async ping() {
        try {
          const r = await ch.query({ query: 'SELECT 1 AS ok', format: 'JSONEachRow' });
          await r.json();
          return ok(undefined);
        } catch (e) {
          return err(toStoreError(e, 'VAKT_CLICKHOUSE_UNAVAILABLE', 'ping'));
        }
      },
      close,
    };
    if (opts.mode === 'server' && opts.cluster !== undefined) await assertClusterKnown(ch, opts.cluster);
    if (opts.migrate !== false) {
      const cluster = opts.mode === 'server' ? opts.cluster : undefined;
      const applied = await migrate(store, cluster === undefined ? opts.migration : { ...opts.migration, cluster });
      if (!applied.ok) throw applied.error;
    }
    return store;
  } catch (e) {
    await close().catch(() => undefined); // rolling back a failed start; the original error is what matters
    if (e instanceof VaktError) throw e;
    throw toStoreError(e, 'VAKT_CLICKHOUSE_UNAVAILABLE', 'connect');
  }
}
