import { join, resolve } from 'node:path';
import type { ConfigSpec } from '@vakt/config/spec';
import { CleanupStack } from '@vakt/pipeline/lifecycle';
import { CommandExit, loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { commonSettings } from '@vakt/runtime/settings';
import { openEmbeddedStore } from '@vakt/runtime/store';

const spec = {
  dataDir: commonSettings.dataDir,
  format: { env: 'VAKT_SQL_FORMAT', flag: '--format', type: 'enum', values: ['table', 'jsonl', 'tsv'], default: 'table', description: 'Output format on stdout.' },
} satisfies ConfigSpec;

/**
 * `vakt sql "<query>"`: the analysts' door when no ClickHouse server runs. Read-only: only SELECT-like statements are
 * accepted, and the engine enforces readonly where it can. chdb allows one process per data dir, so stop `vakt up`
 * first (or query the dashboard's API while it runs).
 */
export async function sqlCommand(io: CommandIo): Promise<number> {
  const { config, positionals } = loadCommandConfig(io, spec, 'vakt sql "<SELECT …>" [--format table|jsonl|tsv]', 'Run read-only SQL against the embedded store.');
  const text = positionals.join(' ').trim();
  if (!text) {
    io.stderr.write('vakt sql: give the query, in quotes\n');
    throw new CommandExit(2);
  }
  const cleanup = new CleanupStack();
  try {
    const store = await openEmbeddedStore(join(resolve(config.dataDir), 'clickhouse'), cleanup);
    const { runReadOnlySql } = await import('@vakt/store/sql');
    const r = await runReadOnlySql(store, text);
    if (!r.ok) {
      io.stderr.write(`vakt sql: ${r.error.message}\n`);
      return 1;
    }
    const { columns, rows } = r.value;
    if (config.format === 'jsonl') {
      for (const row of rows) io.stdout.write(`${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c.name, row[i]])))}\n`);
    } else if (config.format === 'tsv') {
      io.stdout.write(`${columns.map((c) => c.name).join('\t')}\n`);
      for (const row of rows) io.stdout.write(`${row.map((v) => String(v).replace(/[\t\n]/g, ' ')).join('\t')}\n`);
    } else {
      const cells = [columns.map((c) => c.name), ...rows.map((row) => row.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(/\s+/g, ' ').slice(0, 80)))];
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
