import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConfigSpec } from '@vakt/config/spec';
import { CleanupStack } from '@vakt/pipeline/lifecycle';
import { CommandExit, loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { commonSettings } from '@vakt/runtime/settings';
import { askSqlDoor, findSqlDoor } from '../sql-door.js';
import { openEmbeddedStore } from '@vakt/store/connect';
import { VaktError } from '@vakt/errors/vakt-error';
import { err, type Result } from '@vakt/errors/result';
import type { StoreClient } from '@vakt/store/client';
import { describeSqlError, runReadOnlySql, type SqlResult } from '@vakt/store/sql';

const spec = {
  dataDir: commonSettings.dataDir,
  format: {
    env: 'VAKT_SQL_FORMAT',
    flag: '--format',
    type: 'enum',
    values: ['table', 'jsonl', 'tsv'],
    default: 'table',
    description: 'Output format on stdout.',
  },
} satisfies ConfigSpec;

/**
 * `vakt sql "<query>"`: the analysts' door when no ClickHouse server runs. Read-only: only SELECT-like statements are
 * accepted, and the engine enforces readonly where it can. chdb lets one process open a data directory: while
 * `vakt up` holds it, the query goes through that process's SQL door (apps/cli/src/sql-door.ts), otherwise
 * this process opens the store itself. A data directory without a store is an error, never a new empty store.
 */
export async function sqlCommand(io: CommandIo): Promise<number> {
  const { config, positionals } = loadCommandConfig(
    io,
    spec,
    'vakt sql "<SELECT …>" [--format table|jsonl|tsv]',
    'Run read-only SQL against the embedded store (through the running vakt up, if one holds the data directory).',
  );
  const text = positionals.join(' ').trim();
  if (!text) {
    io.stderr.write('vakt sql: give the query, in quotes\n');
    throw new CommandExit(2);
  }
  const dataDir = resolve(config.dataDir);
  const cleanup = new CleanupStack();
  try {
    const r = await runQuery(dataDir, text, cleanup);
    if (!r.ok) {
      io.stderr.write(`vakt sql: ${describeSqlError(r.error)}\n`);
      return 1;
    }
    const { columns, rows } = r.value;
    if (config.format === 'jsonl') {
      for (const row of rows)
        io.stdout.write(`${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, row[i]])))}\n`);
    } else if (config.format === 'tsv') {
      io.stdout.write(`${columns.map((c) => c.name).join('\t')}\n`);
      for (const row of rows) io.stdout.write(`${row.map((v) => String(v).replace(/[\t\n]/g, ' ')).join('\t')}\n`);
    } else {
      const cells = [
        columns.map((c) => c.name),
        ...rows.map((row) =>
          row.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(/\s+/g, ' ').slice(0, 80)),
        ),
      ];
      const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
      cells.forEach((r, n) => {
        io.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')}\n`);
        if (n === 0) io.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('-+-')}\n`);
      });
      io.stderr.write(`${rows.length} row(s)\n`);
    }
    return 0;
  } finally {
    await cleanup.closeAll();
  }
}

/** Through the door of the process holding `dataDir`, else on the store opened here. */
async function runQuery(dataDir: string, text: string, cleanup: CleanupStack): Promise<Result<SqlResult>> {
  const storeDir = join(dataDir, 'clickhouse');
  const door = await findSqlDoor(dataDir);
  if (door) {
    const r = await askSqlDoor(door, text);
    // No answer and nobody holds the store: the file outlived a killed vakt up whose pid another program now has.
    if (r.ok || r.error.code !== 'VAKT_CLICKHOUSE_UNAVAILABLE' || storeHolder(storeDir) !== undefined) return r;
  }
  if (!existsSync(storeDir)) {
    return err(
      new VaktError(
        'VAKT_NOT_FOUND',
        `no Vakt store in ${dataDir} (${storeDir} does not exist); pass the --data-dir (VAKT_DATA_DIR) that vakt up uses`,
      ),
    );
  }
  // chdb writes `status` (with its pid) while a process has the store open, and removes it on close.
  const held = (): Result<never> | undefined => {
    const pid = storeHolder(storeDir);
    return pid === undefined
      ? undefined
      : err(
          new VaktError(
            'VAKT_CLICKHOUSE_UNAVAILABLE',
            `process ${pid} holds the store in ${storeDir} and offers no SQL door (a vakt up from an older version, or another vakt sql); wait for it or stop it`,
          ),
        );
  };
  const before = held();
  if (before) return before;
  let store: StoreClient;
  try {
    store = await openEmbeddedStore(storeDir, cleanup);
  } catch (e) {
    const after = held();
    if (after) return after;
    throw e;
  }
  return runReadOnlySql(store, text);
}

/** The pid in chdb's `status` file when that process still runs: another process has the store open. */
function storeHolder(storeDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(storeDir, 'status'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(/^PID: (\d+)/m.exec(text)?.[1]);
  if (!Number.isInteger(pid) || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
