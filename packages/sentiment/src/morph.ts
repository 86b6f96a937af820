import type { LexHit } from './lang-pack.js';

/**
 * Finds a word's sentiment when it is not in the lexicon as written: an intensifying prefix ("jättebra"),
 * a negating prefix ("ointressant"), an inflection the lexicon lacks (suffix stripping, then a stemmer), or a
 * compound whose last part is the head ("kundtjänstkaos" → "kaos"). Both languages use it with their own lists;
 * Swedish writes compounds as one word, English hashtags do too ("#epicfail").
 */
export interface MorphSpec {
  /** Exact forms → valence (lexicon plus extras, already merged). */
  words: ReadonlyMap<string, number>;
  /** Intensifying prefixes inside a word, longest first, with their extra fraction: jätte-, skit-, super-. */
  boostPrefixes: ReadonlyArray<readonly [string, number]>;
  /** Negating prefixes ("o" in otrevlig, "un" in unhappy): applied to positive stems only. */
  negPrefixes: readonly string[];
  /**
   * Inflectional suffixes, longest first, each with the endings to try re-adding to what is left: a Swedish verb
   * ending gives back the infinitive's "-a" ("älskar" → "älska"), a noun ending does not ("matchen" ≠ "matcha").
   * A third element is an ending what is left must have: English "-d" is a past tense only after "e" ("died" →
   * "die"), so "band", "fund" and "ward" are not read as "ban", "fun" and "war".
   */
  suffixes: ReadonlyArray<readonly [suffix: string, restore: readonly string[], after?: string]>;
  /** Optional stemmer and its map of stem → valence, built from the lexicon. */
  stem?: (w: string) => string;
  stems?: ReadonlyMap<string, number>;
  /** Heads shorter than the general minimum that are still worth finding at the end of a compound ("kö"). */
  shortHeads: ReadonlySet<string>;
  /** Words that never carry sentiment, whatever their inflection or stem suggests (function words). */
  neutral?: ReadonlySet<string>;
  /**
   * Which words may be read as a compound whose last part is the head: any listed word (default), only the
   * `shortHeads` ("footymad", "hahahaha"), or none. English writes compounds apart, so its plain words split only at
   * those heads ("following" is not "fol|lowing", "released" not "rel|eased"); its hashtags split freely ("#epicfail").
   */
  compounds?: 'any' | 'short heads';
}

const MIN_STEM = 3;
/** Compound heads shorter than this must be listed in `shortHeads` ("oret" in "kontoret" is not a head). */
const MIN_HEAD = 5;
const MIN_STEMMED_WORD = 6;
const MAX_WORD = 40;
/** Stems of four letters or fewer ("skap", "rens", "möj") are shared by unrelated words. */
const MIN_STEM_LENGTH = 5;
// ~200k distinct word forms is a few weeks of a busy watch; the cache is cleared, not grown, past that (~30 MB).
const CACHE_LIMIT = 200_000;

/** Builds a cached lookup. The cache only remembers what the fixed lexicon says, so it is safe to share. */
export function createMorphLookup(spec: MorphSpec): (word: string) => LexHit | undefined {
  const cache = new Map<string, LexHit | null>();
  const inflectedBySuffix = (w: string): LexHit | undefined => {
    for (const [s, restore, after] of spec.suffixes) {
      if (w.length - s.length < MIN_STEM || !w.endsWith(s)) continue;
      const base = w.slice(0, w.length - s.length);
      if (after !== undefined && !base.endsWith(after)) continue;
      for (const r of restore) {
        const v = spec.words.get(base + r);
        if (v !== undefined && v !== 0) return { valence: v, lemma: base + r, rules: ['inflected form'] };
      }
    }
    return undefined;
  };
  const inflected = (w: string): LexHit | undefined => {
    const bySuffix = inflectedBySuffix(w);
    if (bySuffix) return bySuffix;
    // The stemmer conflates short words ("man", "lag", "ens"), so it is trusted only on longer ones.
    if (spec.stem && spec.stems && w.length >= MIN_STEMMED_WORD) {
      const st = spec.stem(w);
      const v = st.length >= MIN_STEM_LENGTH ? spec.stems.get(st) : undefined;
      if (v !== undefined && v !== 0) return { valence: v, lemma: st, rules: ['stem match'] };
    }
    return undefined;
  };
  const simple = (w: string): LexHit | undefined => {
    const v = spec.words.get(w);
    if (v !== undefined) return v === 0 ? undefined : { valence: v };
    return inflected(w);
  };
  const compute = (w: string): LexHit | undefined => {
    // No real word is this long; URLs without a scheme, base64 and keyboard mashing are, and the compound search
    // below is quadratic in length.
    if (w.length > MAX_WORD) return spec.words.get(w) ? { valence: spec.words.get(w)! } : undefined;
    // Prefix intensifiers first, even for words the lexicon lists whole ("skitdålig"), so the explanation names
    // the prefix; the lexicon's value for the whole word is used when the rest is unknown.
    for (const [p, extra] of spec.boostPrefixes) {
      if (w.length > p.length + 1 && w.startsWith(p)) {
        const rest = w.slice(p.length).replace(/^-/, '');
        const hit = simple(rest);
        if (hit)
          return { valence: hit.valence, lemma: hit.lemma ?? rest, rules: [`boosted by "${p}-"`], scalar: 1 + extra };
      }
    }
    const v = spec.words.get(w);
    if (v !== undefined) return v === 0 ? undefined : { valence: v };
    if (spec.neutral?.has(w)) return undefined;
    for (const p of spec.negPrefixes) {
      if (w.length > p.length + 3 && w.startsWith(p)) {
        const hit = simple(w.slice(p.length));
        if (hit && hit.valence > 0) {
          return {
            valence: -0.8 * hit.valence,
            lemma: hit.lemma ?? w.slice(p.length),
            rules: [`negative prefix "${p}-"`],
          };
        }
      }
    }
    const inf = inflected(w);
    if (inf) return inf;
    const anyHead = spec.compounds !== 'short heads';
    // Compound: the longest tail that is a listed word form is the head; the head decides the sentiment. Only exact
    // forms count (the lexicon lists inflections), else stray endings match ("beslutade" → "tade").
    for (let i = MIN_STEM; i <= w.length - 2; i++) {
      const tail = w.slice(i);
      if (tail.length < 3) break;
      const hv = spec.words.get(tail);
      if (
        hv !== undefined &&
        hv !== 0 &&
        !spec.neutral?.has(tail) &&
        ((anyHead && tail.length >= MIN_HEAD) || spec.shortHeads.has(tail))
      ) {
        return { valence: hv * 0.9, lemma: tail, rules: [`compound head "${tail}"`] };
      }
      // An inflected head ("kundtjänstkaoset" → "kaos"), by suffix only: the stemmer is too loose inside compounds.
      const inf = anyHead && tail.length >= MIN_HEAD ? inflectedBySuffix(tail) : undefined;
      if (
        inf &&
        inf.lemma &&
        (inf.lemma.length >= MIN_HEAD || spec.shortHeads.has(inf.lemma)) &&
        !spec.neutral?.has(inf.lemma)
      ) {
        return { valence: inf.valence * 0.9, lemma: inf.lemma, rules: [`compound head "${inf.lemma}"`] };
      }
    }
    return undefined;
  };
  return (word: string): LexHit | undefined => {
    const c = cache.get(word);
    if (c !== undefined) return c ?? undefined;
    const hit = compute(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, hit ?? null);
    return hit;
  };
}
