import type { WatchMatcher } from '@vakt/stages/ingest';
import type { WatchRegistry } from '@vakt/watch/registry';

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
