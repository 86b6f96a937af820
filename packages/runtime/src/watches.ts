import { mkdir } from 'node:fs/promises';
import { VaktError } from '@vakt/errors/vakt-error';
import type { WatchMatcher } from '@vakt/stages/ingest';
import { loadWatchesFile } from '@vakt/watch/loader';
import { WatchRegistry } from '@vakt/watch/registry';

/**
 * Opens the watch registry in the data dir and, when a watches file is configured (configuration as code), syncs
 * it in: the file is the source of truth for the watches it names. `seed` is used only when the registry is empty
 * (the demo's watches on a first `vakt up`).
 */
export async function openWatches(opts: { dataDir: string; watchesFile?: string | undefined; seed?: readonly unknown[]; now: () => number }): Promise<WatchRegistry> {
  await mkdir(opts.dataDir, { recursive: true });
  const opened = await WatchRegistry.open({ dataDir: opts.dataDir, now: opts.now });
  if (!opened.ok) throw opened.error;
  const registry = opened.value;
  if (opts.watchesFile) {
    const loaded = await loadWatchesFile(opts.watchesFile);
    if (!loaded.ok) throw loaded.error;
    const synced = await registry.sync(loaded.value, `file:${opts.watchesFile}`);
    if (!synced.ok) throw synced.error;
  } else if (opts.seed && registry.list().length === 0) {
    const synced = await registry.sync(opts.seed, 'demo');
    if (!synced.ok) throw new VaktError('VAKT_CONFIG_INVALID', `demo watches are invalid: ${synced.error.message}`, { cause: synced.error });
  }
  return registry;
}

/** The ingest stage's view of the registry: always the current compiled matcher (changes apply live). */
export function registryMatcher(registry: WatchRegistry): WatchMatcher {
  return {
    match: (m) => registry.matcher().match({ text: m.text, ...(m.url ? { url: m.url } : {}), ...(m.author?.handle ? { author: { handle: m.author.handle } } : {}) }),
    has: (watch) => registry.get(watch) !== undefined,
  };
}
