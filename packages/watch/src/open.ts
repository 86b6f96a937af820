import { mkdir } from 'node:fs/promises';
import type { Logger } from '@vakt/bus/logger';
import { VaktError } from '@vakt/errors/vakt-error';
import { loadWatchesFile } from './loader.js';
import { WatchRegistry, type WatchSyncResult } from './registry.js';

/**
 * Opens the watch registry in the data dir and, when a watches file is configured (configuration as code), syncs
 * it in: the file is the source of truth for the watches it names, which the dashboard shows read-only; watches
 * made in the dashboard are kept (one with the id of a file watch is taken over by the file). Every change the
 * file makes is logged. `seed` is used only when the registry is empty (the demo's watches on a first `vakt up`).
 */
export async function openWatches(opts: {
  dataDir: string;
  watchesFile?: string | undefined;
  seed?: readonly unknown[];
  now: () => number;
  log?: Logger;
}): Promise<WatchRegistry> {
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const opened = await WatchRegistry.open({ dataDir: opts.dataDir, now: opts.now });
  if (!opened.ok) throw opened.error;
  const registry = opened.value;
  if (opts.watchesFile) {
    const loaded = await loadWatchesFile(opts.watchesFile);
    if (!loaded.ok) throw loaded.error;
    const synced = await registry.sync(loaded.value, `file:${opts.watchesFile}`, { managedBy: 'file' });
    if (!synced.ok) throw synced.error;
    logFileSync(opts.log, opts.watchesFile, synced.value);
  } else if (opts.seed && registry.list().length === 0) {
    const synced = await registry.sync(opts.seed, 'demo');
    if (!synced.ok)
      throw new VaktError('VAKT_CONFIG_INVALID', `demo watches are invalid: ${synced.error.message}`, {
        cause: synced.error,
      });
  }
  return registry;
}

const VERB = { create: 'added', update: 'updated', delete: 'removed (no longer in the file)' } as const;

/** One log line per change the watches file made at start, and one summary (what it left alone). */
function logFileSync(log: Logger | undefined, file: string, r: WatchSyncResult): void {
  if (!log) return;
  for (const c of r.changes) {
    const how = c.takenOver ? 'taken over from the dashboard (same id; now read-only there)' : VERB[c.action];
    log.info({ file, watch: c.id, watchName: c.name, action: c.action }, `watches file: ${c.id} ("${c.name}") ${how}`);
  }
  log.info(
    { file, created: r.created, updated: r.updated, deleted: r.deleted, keptFromDashboard: r.kept },
    `watches file: ${r.changes.length} change(s); ${r.kept} watch(es) made in the dashboard kept`,
  );
}
