import { join, resolve } from 'node:path';
import type { ConfigSpec } from '@vakt/config/spec';
import { CleanupStack } from '@vakt/pipeline/lifecycle';
import { CommandExit, loadCommandConfig, type CommandIo } from '@vakt/runtime/command';
import { clickhouseSettings, commonSettings } from '@vakt/runtime/settings';
import { openEmbeddedStore } from '@vakt/store/connect';
import { VaktError } from '@vakt/errors/vakt-error';
import type { LabelCorrection } from '@vakt/store/tables/label-corrections';

/**
 * Where corrections are read from: the embedded store in the data dir (what `vakt up` writes), or a ClickHouse
 * server when CLICKHOUSE_URL is set (the distributed deployment). Shared by `vakt corrections` and `vakt train`.
 */
export const correctionsStoreSpec = {
  dataDir: commonSettings.dataDir,
  clickhouseUrl: {
    env: 'CLICKHOUSE_URL',
    flag: '--clickhouse-url',
    type: 'url',
    description:
      'Read corrections from this ClickHouse server (HTTP URL) instead of the embedded store in the data dir.',
  },
  clickhouseUser: clickhouseSettings.clickhouseUser,
  clickhousePassword: clickhouseSettings.clickhousePassword,
  clickhouseDatabase: clickhouseSettings.clickhouseDatabase,
  watch: {
    env: 'VAKT_CORRECTIONS_WATCH',
    flag: '--watch',
    type: 'string',
    description: 'Only corrections made in this watch (default: every watch).',
  },
  since: {
    env: 'VAKT_CORRECTIONS_SINCE',
    flag: '--since',
    type: 'string',
    description: 'Only corrections made at or after this time (ISO 8601, or ms since 1970).',
  },
} satisfies ConfigSpec;

type StoreConfig = {
  readonly dataDir: string;
  readonly clickhouseUrl: string | undefined;
  readonly clickhouseUser: string;
  readonly clickhousePassword: string;
  readonly clickhouseDatabase: string;
  readonly watch: string | undefined;
  readonly since: string | undefined;
};

/** `--since` as ms: an integer is ms since 1970, anything else must parse as a date. */
export function parseSince(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms))
    throw new VaktError(
      'VAKT_CONFIG_INVALID',
      `VAKT_CORRECTIONS_SINCE: expected an ISO 8601 time or ms since 1970, got ${JSON.stringify(raw)}`,
    );
  return ms;
}

/**
 * Reads the current correction of every corrected mention (filtered by `--watch`/`--since`). Embedded: opens the
 * chdb store in `<data-dir>/clickhouse`, which only one process may hold, so stop `vakt up` first (or download
 * `GET /api/corrections/export` from the running dashboard). Server: connects without migrating, so a read-only
 * user works. Throws VaktError on a store failure.
 */
export async function readCorrections(config: StoreConfig): Promise<LabelCorrection[]> {
  const since = parseSince(config.since);
  const cleanup = new CleanupStack();
  try {
    const { createStoreClient } = await import('@vakt/store/client');
    const embeddedDir = join(resolve(config.dataDir), 'clickhouse');
    const store = config.clickhouseUrl
      ? await createStoreClient({
          mode: 'server',
          url: config.clickhouseUrl,
          username: config.clickhouseUser,
          password: config.clickhousePassword,
          database: config.clickhouseDatabase,
          migrate: false,
        })
      : await openEmbeddedStore(embeddedDir, cleanup).catch((e: unknown) => {
          // The usual cause: `vakt up` holds the folder (chdb locks it). Say that, not the server-oriented hint.
          throw new VaktError(
            'VAKT_CLICKHOUSE_UNAVAILABLE',
            `Could not open the embedded store in ${embeddedDir}: if \`vakt up\` is running on it, stop it first, or download GET /api/corrections/export from its dashboard`,
            { cause: e },
          );
        });
    if (config.clickhouseUrl) cleanup.defer('clickhouse', () => store.close());
    const { queryCorrections } = await import('@vakt/store/tables/label-corrections');
    const r = await queryCorrections(store)({
      ...(config.watch ? { watch: config.watch } : {}),
      ...(since !== undefined ? { since } : {}),
      limit: 100_000,
    });
    if (!r.ok) throw r.error;
    return r.value;
  } finally {
    await cleanup.closeAll();
  }
}

/** `vakt corrections export`: the analysts' label corrections as a `vakt train --add` file on stdout. */
export async function correctionsCommand(io: CommandIo): Promise<number> {
  const { config, positionals } = loadCommandConfig(
    io,
    correctionsStoreSpec,
    'vakt corrections export [--watch W] [--since TIME] [--data-dir DIR | --clickhouse-url URL] > corrections.jsonl',
    'Export the label corrections analysts made in the dashboard as JSONL {"text","label","lang"} for `vakt train --add`.',
  );
  if (positionals.length !== 1 || positionals[0] !== 'export') {
    io.stderr.write('vakt corrections: the subcommand is `export` (vakt corrections export > corrections.jsonl)\n');
    throw new CommandExit(2);
  }
  const { toTrainingJsonl, trainingExamples } = await import('@vakt/store/tables/label-corrections');
  const corrections = await readCorrections(config);
  io.stdout.write(toTrainingJsonl(corrections));
  io.stderr.write(
    `${trainingExamples(corrections).length} training line(s) from ${corrections.length} correction(s)\n`,
  );
  return 0;
}
