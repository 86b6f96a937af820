import type { WatchMatch } from '@vakt/schema/mention';
import { AhoCorasick } from './aho-corasick.js';
import { parseWatch } from './compile-watch.js';
import { fold, isSvEnding, spannedWords, splitUrl, tokenize, urlKeys, wordKeys } from './normalize.js';
import { buildTermCompiler, type Evaluator, type MatchCtx } from './term-compiler.js';
import { watchId } from './slug.js';
import type { Watch } from './watch.js';

/** What the matcher reads from a mention. */
export interface MatchInput {
  readonly text: string;
  readonly url?: string;
  readonly author?: { readonly handle?: string };
}

/**
 * All watches compiled together. `match` is pure and synchronous; a Matcher is immutable, so a registry swaps a
 * whole new one in when watches change and in-flight calls finish on the old one.
 */
export interface Matcher {
  readonly watchCount: number;
  /** Watches the mention matches (query hit, exclude not hit), by watch id (their order), with the entities hit. */
  match(mention: MatchInput): WatchMatch[];
  /**
   * Where `text` names what the given watches follow: the `[start, end)` UTF-16 spans (in order, not overlapping)
   * of its words, hashtags and domains that hit a name in those watches' queries or their entities' queries
   * (capitalised words and phrases, abbreviations, domains: `isName` in term-compiler.ts; not `exclude`, not
   * lower-case topic words such as a service's "sjukpenning").
   * The scorer reads posts without these: an organisation's name says what a post is about, not how its author
   * feels. `watches` are watch ids (as in `Mention.matches`); unknown ones are ignored; `[]` when nothing hits.
   */
  nameSpans(text: string, watches: readonly string[]): Array<[number, number]>;
}

interface CompiledWatch {
  readonly name: string;
  readonly query: Evaluator;
  readonly exclude: Evaluator | null;
  readonly entities: ReadonlyArray<{ readonly name: string; readonly test: Evaluator }>;
  /** Term ids of the names outside NOT in the query and the entities' queries (`isName` in term-compiler.ts). */
  readonly names: ReadonlySet<number>;
}

/** Minimum compound part length: shorter stems ("app", "bank") inside longer words are mostly other words. */
export const MIN_COMPOUND_STEM = 5;
const TOKEN_CACHE_MAX = 100_000;

/** Compiles watches (assumed valid: see `validateWatch`; an invalid query throws VAKT_QUERY_PARSE). */
export function createMatcher(watches: readonly Watch[]): Matcher {
  const dict = new Map<string, number[]>();
  const ac = new AhoCorasick<number>();
  const tc = buildTermCompiler(dict, ac, MIN_COMPOUND_STEM);
  const compiled: CompiledWatch[] = [];
  const candidatesByTerm = new Map<number, number[]>();

  // By id: the key matches carry, so their order (and which watch's domain word wins) is stable.
  for (const w of [...watches].sort((a, b) => (watchId(a) < watchId(b) ? -1 : watchId(a) > watchId(b) ? 1 : 0))) {
    const p = parseWatch(w);
    const idx = compiled.length;
    const anchors: number[] = [];
    const names: number[] = [];
    compiled.push({
      name: watchId(w),
      query: tc.compile(p.query, w, anchors, false, names),
      exclude: p.exclude ? tc.compile(p.exclude, w, []) : null,
      // Key people and named services are names too ("Anna Berg", "Nils Öberg"): their capitalised terms join the
      // watch's names. Their anchors are not the watch's (entities never make a watch match).
      entities: p.entities.map((e) => ({ name: e.name, test: tc.compile(e.query, w, [], false, names) })),
      names: new Set(names),
    });
    for (const id of new Set(anchors)) {
      const list = candidatesByTerm.get(id);
      if (list) list.push(idx);
      else candidatesByTerm.set(id, [idx]);
    }
  }

  const stamp = new Uint32Array(tc.termCount());
  const candStamp = new Uint32Array(compiled.length);
  let epoch = 0;
  const tokenCache = new Map<string, readonly number[]>();

  /** Term ids hit by one word, cached per matcher (the cache dies with the matcher when watches change). */
  const wordHits = (raw: string): readonly number[] => {
    const cached = tokenCache.get(raw);
    if (cached) return cached;
    const k = wordKeys(raw);
    const ids: number[] = [];
    for (const key of [`a:${k.folded}`, `w:${k.sv}`, `e:${k.en}`]) {
      const l = dict.get(key);
      if (l) ids.push(...l);
    }
    if (k.folded.length > MIN_COMPOUND_STEM) {
      for (const h of ac.search(k.folded)) {
        // Head of a compound ("försäkringskasse|handläggare") or its tail plus an inflection ("mobil|fakturan").
        if ((h.start === 0 && h.end < k.folded.length) || (h.start > 0 && isSvEnding(k.folded.slice(h.end))))
          ids.push(h.value);
      }
    }
    const result = ids.length > 1 ? [...new Set(ids)] : ids;
    if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
    tokenCache.set(raw, result);
    return result;
  };

  const byName = new Map(compiled.map((w) => [w.name, w]));

  /**
   * The part of a word that is a name, given that it hits one: the whole word when it is the name (inflected or
   * not), else, for a compound, only the name's part, so the rest is still read: "försäkringskasse|kaoset" keeps
   * "kaoset". A head takes one linking "e"/"s" with it ("försäkringskass·e·kaoset"). Offsets are those of the
   * folded form, which are the word's own when folding kept its length; otherwise the whole word.
   */
  const namePart = (raw: string, isName: (id: number) => boolean): [number, number] => {
    const k = wordKeys(raw);
    for (const key of [`a:${k.folded}`, `w:${k.sv}`, `e:${k.en}`])
      if (dict.get(key)?.some(isName)) return [0, raw.length];
    const f = k.folded;
    if (f.length !== raw.length || f.length <= MIN_COMPOUND_STEM) return [0, raw.length];
    for (const h of ac.search(f)) {
      if (!isName(h.value)) continue;
      if (h.start === 0 && h.end < f.length) {
        const linked = (f[h.end] === 'e' || f[h.end] === 's') && f.length - h.end - 1 >= 3 ? h.end + 1 : h.end;
        return [0, linked];
      }
      if (h.start > 0 && isSvEnding(f.slice(h.end))) return [h.start, raw.length];
    }
    return [0, raw.length];
  };

  return {
    watchCount: compiled.length,
    nameSpans(text, watches) {
      const terms = watches
        .map((n) => byName.get(n)?.names)
        .filter((t): t is ReadonlySet<number> => t !== undefined && t.size > 0);
      if (terms.length === 0) return [];
      const isName = (id: number): boolean => terms.some((t) => t.has(id));
      const named = (ids: readonly number[] | undefined): boolean => ids !== undefined && ids.some(isName);
      const spans: Array<[number, number]> = [];
      for (const w of spannedWords(text)) {
        const asTag = w.kind === 'tag' && named(dict.get(`#:${fold(w.value)}`));
        if (!asTag && !named(wordHits(w.value))) continue;
        const last = spans[spans.length - 1];
        // A bare domain yields one entry per label, all with the domain's span.
        if (last && last[0] === w.start) continue;
        // A plain word (not a hashtag of the name, not a domain) may be a compound with more than the name in it.
        const plain = !asTag && w.kind === 'word' && w.end - w.start === w.value.length;
        const [from, to] = plain ? namePart(w.value, isName) : [0, w.end - w.start];
        spans.push([w.start + from, w.start + to]);
      }
      return spans;
    },
    match(mention) {
      epoch = (epoch + 1) >>> 0;
      if (epoch === 0) {
        stamp.fill(0);
        candStamp.fill(0);
        epoch = 1;
      }
      const positions: (readonly number[])[] = [];
      const candidates: number[] = [];
      const hitIds = (ids: readonly number[] | undefined): void => {
        if (!ids) return;
        for (const id of ids) {
          if (stamp[id] === epoch) continue;
          stamp[id] = epoch;
          for (const w of candidatesByTerm.get(id) ?? []) {
            if (candStamp[w] !== epoch) {
              candStamp[w] = epoch;
              candidates.push(w);
            }
          }
        }
      };
      const hitHandle = (h: string): void => {
        const f = fold(h.replace(/^@/, ''));
        hitIds(dict.get(`@:${f}`));
        const at = f.indexOf('@');
        if (at > 0) hitIds(dict.get(`@:${f.slice(0, at)}`));
      };
      const hitUrl = (host: string, path: string): void => {
        for (const key of urlKeys(host, path)) hitIds(dict.get(key));
      };

      for (const t of tokenize(mention.text)) {
        if (t.kind === 'word') {
          const ids = wordHits(t.value);
          positions[t.pos] = ids;
          hitIds(ids);
        } else if (t.kind === 'hashtag') hitIds(dict.get(`#:${t.value}`));
        else if (t.kind === 'handle') hitHandle(t.value);
        else hitUrl(t.host, t.path);
      }
      if (mention.author?.handle) hitHandle(mention.author.handle);
      if (mention.url) {
        const u = splitUrl(mention.url);
        if (u) hitUrl(u.host, u.path);
      }
      if (candidates.length === 0) return [];

      const ctx: MatchCtx = { isHit: (id) => stamp[id] === epoch, positions };
      candidates.sort((a, b) => a - b);
      const out: WatchMatch[] = [];
      for (const i of candidates) {
        const w = compiled[i]!;
        if (!w.query(ctx) || (w.exclude && w.exclude(ctx))) continue;
        out.push({ watch: w.name, entities: w.entities.filter((e) => e.test(ctx)).map((e) => e.name) });
      }
      return out;
    },
  };
}
