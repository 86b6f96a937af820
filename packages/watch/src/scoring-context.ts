import type { Matcher } from './matcher.js';
import { watchId } from './slug.js';
import type { Watch } from './watch.js';

/** What the scorer applies to one mention because of the watches it matched. */
export interface MentionScoringContext {
  /** Spans of the text naming what the watches follow: the sentiment model does not read them. */
  mask?: Array<[number, number]>;
  /** The matched watches' `domainWords`, lower-cased, clamped to the lexicon's -4..4. */
  overrides?: ReadonlyMap<string, number>;
}

/** Where the watches come from: a `WatchRegistry` (live: the matcher is swapped when watches change) or a fixed set. */
export interface WatchSource {
  matcher(): Matcher;
  get(name: string): Watch | undefined;
}

export interface WatchScoring {
  /** The context for a mention with this text that matched these watches (names as in `Mention.matches`). */
  forMention(text: string, watches: readonly string[]): MentionScoringContext;
}

const CACHE_LIMIT = 10_000;
const LEXICON_MAX = 4;

/**
 * Builds the scorer's view of the watches. Two things a team declares on a watch reach the sentiment engine here:
 * its domain words (`domainWords: { handläggningstid: -1 }`), which win over the lexicon for the watch's mentions,
 * and its query terms, which the model is told to skip (see `Matcher.nameSpans`). When two matched watches give
 * one word different weights, the watch whose name sorts first wins: matches arrive sorted by name, so the choice
 * is stable. Merged word lists are cached per set of watches and dropped when the watches change.
 */
export function watchScoring(source: WatchSource): WatchScoring {
  let cachedFor: Matcher | undefined;
  const overridesBySet = new Map<string, ReadonlyMap<string, number> | undefined>();

  const overridesFor = (watches: readonly string[]): ReadonlyMap<string, number> | undefined => {
    const key = watches.length === 1 ? watches[0]! : watches.join('\u0000');
    if (overridesBySet.has(key)) return overridesBySet.get(key);
    let merged: Map<string, number> | undefined;
    for (const name of watches) {
      for (const [word, weight] of Object.entries(source.get(name)?.domainWords ?? {})) {
        const w = word.trim().toLowerCase();
        if (w === '' || !Number.isFinite(weight)) continue;
        merged ??= new Map();
        if (!merged.has(w)) merged.set(w, Math.max(-LEXICON_MAX, Math.min(LEXICON_MAX, weight)));
      }
    }
    if (overridesBySet.size >= CACHE_LIMIT) overridesBySet.clear();
    overridesBySet.set(key, merged);
    return merged;
  };

  return {
    forMention(text, watches) {
      if (watches.length === 0) return {};
      const matcher = source.matcher();
      if (matcher !== cachedFor) {
        cachedFor = matcher;
        overridesBySet.clear();
      }
      const mask = matcher.nameSpans(text, watches);
      const overrides = overridesFor(watches);
      return { ...(mask.length > 0 ? { mask } : {}), ...(overrides ? { overrides } : {}) };
    },
  };
}

/** A fixed set of watches as a `WatchSource` (a scorer given a watches file, tests). */
export function staticWatchSource(watches: readonly Watch[], matcher: Matcher): WatchSource {
  const byName = new Map(watches.map((w) => [watchId(w), w]));
  return { matcher: () => matcher, get: (name) => byName.get(name) };
}
