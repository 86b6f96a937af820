import { mkdir } from 'node:fs/promises';
import { VaktError } from '@vakt/errors/vakt-error';
import type { WatchMatcher } from '@vakt/stages/ingest';
import type { Logger } from '@vakt/pipeline/logger';
import { loadWatchesFile } from '@vakt/watch/loader';
import { createMatcher, type Matcher } from '@vakt/watch/matcher';
import { WatchRegistry, type WatchSyncResult } from '@vakt/watch/registry';
import { staticWatchSource, watchScoring, type WatchScoring } from '@vakt/watch/scoring-context';
import type { Watch } from '@vakt/watch/watch';

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

/** The ingest stage's view of the registry: always the current compiled matcher (changes apply live). */
export function registryMatcher(registry: WatchRegistry): WatchMatcher {
  return {
    match: (m) =>
      registry.matcher().match({
        text: m.text,
        ...(m.url ? { url: m.url } : {}),
        ...(m.author?.handle ? { author: { handle: m.author.handle } } : {}),
      }),
    has: (watch) => registry.resolve(watch) !== undefined,
    resolve: (watch) => registry.resolve(watch)?.id,
  };
}

/**
 * The scorer's watches, read-only: the watches file when one is configured (the same file ingest reads), else the
 * registry in the data dir, re-read when another process (ingest, the dashboard) changes it. The scorer never
 * writes watches: two processes syncing one registry file would race. Returns the scoring context and a function
 * that stops following the file.
 */
export async function openScorerWatches(
  opts: { dataDir: string; watchesFile?: string | undefined; now: () => number },
  log: Logger,
): Promise<{ scoring: WatchScoring; count: () => number; stop: () => void }> {
  if (opts.watchesFile) {
    const fixed = await scoringWatchesFile(opts.watchesFile);
    return { scoring: fixed.scoring, count: () => fixed.watches.length, stop: () => undefined };
  }
  const opened = await WatchRegistry.open({ dataDir: opts.dataDir, now: opts.now });
  if (!opened.ok) throw opened.error;
  const registry = opened.value;
  const stop = registry.watchFile(2_000, (e) =>
    log.warn(
      { code: e.code, err: e.message },
      'watches file in the data dir could not be re-read; scoring with the previous watches',
    ),
  );
  return { scoring: watchScoring(registry), count: () => registry.list().length, stop };
}

/** A watches file compiled for scoring (a fixed set: the scorer given a file, `vakt score --watches-file`). */
export async function scoringWatchesFile(
  file: string,
): Promise<{ watches: Watch[]; matcher: Matcher; scoring: WatchScoring }> {
  const loaded = await loadWatchesFile(file);
  if (!loaded.ok) throw loaded.error;
  const matcher = createMatcher(loaded.value);
  return { watches: loaded.value, matcher, scoring: watchScoring(staticWatchSource(loaded.value, matcher)) };
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
