import type { Logger } from '@vakt/pipeline/logger';
import { loadWatchesFile } from '@vakt/watch/loader';
import { createMatcher, type Matcher } from '@vakt/watch/matcher';
import { WatchRegistry } from '@vakt/watch/registry';
import { staticWatchSource, watchScoring, type WatchScoring } from '@vakt/watch/scoring-context';
import type { Watch } from '@vakt/watch/watch';

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
