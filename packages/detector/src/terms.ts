/**
 * Surging terms: unigram and bigram document counts in the recent window against a long-memory baseline of the same
 * watch, scored like TF-IDF with a baseline (weight = recent df × log((recent rate + 1) / (baseline rate + 1))). Swedish
 * and English stop words are dropped; Swedish compounds stay whole (kundtjänstkaos is one term, which is what we want).
 * Terms are derived from user text: callers put them in alerts, never in logs.
 */

/**
 * Swedish and English stop words: never surging terms. Function words, pronouns, auxiliaries and the adverbs of
 * time and degree that fill every complaint ("hos", "idag", "igen", "today", "again") in both languages.
 */
export const STOP = new Set(
  (
    'a an and are as at be but by for from has have i in is it its of on or so that the this to was were will with you your we they he she ' +
    'not no just my me our us do does did can could would should all any been being more most very really what when where who how why ' +
    'am if then than there their them these those into out up down about again still today now yet also only even too some other ' +
    'get got getting here off over under after before while once im ive dont doesnt didnt cant wont isnt ' +
    'och att det som en ett är på av för med till den har de inte om var jag du vi ni han hon men så kan ska vara från eller när ' +
    'sin sitt sina min mitt mina din ditt dina er ert era vår vårt våra denna detta dessa här där nu än bara också efter under över ' +
    'vad vem hur varför man mycket lite sig dem dom blir blev hade hela alla inga ingen inget ' +
    'hos idag igen ju nog väl då sen sedan redan även ännu fortfarande alltid ibland mig dig oss er honom henne deras dess ' +
    'ha få får fick fått göra gör gjorde gjort kommer kom går gick blivit varit skulle vill ville måste kunde kunna ' +
    'ut upp in ner mot genom utan vid åt bland hit dit någon något några annan annat andra samma sådan sånt ' +
    'ja nej typ liksom bara väldigt ganska helt alltså dag idag ikväll imorgon igår'
  ).split(/\s+/),
);

// A word starts with a letter or digit, so only its end can carry the apostrophes and hyphens a token sheds.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;
const DIGITS = /^\d+$/;
const APOSTROPHE = 39;
const HYPHEN = 45;

/**
 * Lower-cased word tokens of at least 2 letters, stop words removed. One `exec` loop and a trailing-character scan
 * instead of `matchAll` and a trimming regex per word: the same tokens (test/terms.test.ts holds it to the earlier
 * implementation) at about half the cost, which matters because every negative mention is tokenized when its
 * window closes.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m !== null; m = WORD.exec(lower)) {
    let w = m[0];
    let end = w.length;
    let c = w.charCodeAt(end - 1);
    while (c === APOSTROPHE || c === HYPHEN) c = w.charCodeAt(--end - 1);
    if (end !== w.length) w = w.slice(0, end);
    if (w.length < 2 || STOP.has(w) || DIGITS.test(w) || w.startsWith('http')) continue;
    out.push(w);
  }
  return out;
}

/** Distinct unigrams and adjacent bigrams of one text. */
export function terms(text: string): Set<string> {
  const toks = tokenize(text);
  const s = new Set<string>(toks);
  for (let i = 0; i + 1 < toks.length; i++) s.add(`${toks[i]} ${toks[i + 1]}`);
  return s;
}

export interface SurgingTerm {
  term: string;
  weight: number;
}

/**
 * The words of a watch's own names (its name, id and people's names), lower-cased as `tokenize` sees them, so they
 * can be kept out of its surging terms: every mention of "Trygghetskassan" contains the name, so it leads any list
 * while saying nothing new. Stop words are not returned (they are dropped anyway).
 */
export function nameWords(names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const name of names) for (const w of tokenize(name.replace(/[-_.]+/g, ' '))) out.add(foldMarks(w));
  return out;
}

/** "försäkringskassan" → "forsakringskassan": a watch id is an ASCII slug of its name, the posts spell it in full. */
const foldMarks = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '');

/** True when the term (a word or a bigram) contains one of `words`, or its genitive ("trygghetskassans"). */
export function mentionsName(term: string, words: ReadonlySet<string>): boolean {
  if (words.size === 0) return false;
  return term.split(' ').some((raw) => {
    const w = foldMarks(raw);
    return words.has(w) || (w.endsWith('s') && words.has(w.slice(0, -1)));
  });
}

/** Drops terms that name the watch itself (see `nameWords`) and stop words in either language. */
export function withoutNames<T extends { term: string }>(list: readonly T[], words: ReadonlySet<string>): T[] {
  return list.filter((x) => !mentionsName(x.term, words) && !x.term.split(' ').every((w) => STOP.has(w)));
}

export interface TermTrackerOptions {
  /** The watch's own names (name, id, people): their words never surge (see `nameWords`). */
  exclude?: Iterable<string>;
  /** Memory of the baseline in documents (EWMA-like decay per document). */
  baselineDocs?: number;
  /** Most distinct terms tracked in the baseline (least weighted are evicted). */
  maxTerms?: number;
}

/** Tracks per-watch term rates. `observe` every mention of the watch; `surging` over the recent negative ones. */
export class TermTracker {
  private readonly base = new Map<string, number>();
  private baseDocs = 0;
  private g = 1;
  private readonly decay: number;
  private readonly maxTerms: number;
  private readonly excluded: ReadonlySet<string>;

  constructor(o: TermTrackerOptions = {}) {
    this.excluded = nameWords(o.exclude ?? []);
    this.decay = 1 - 1 / (o.baselineDocs ?? 5000);
    this.maxTerms = o.maxTerms ?? 20_000;
  }

  /**
   * Adds one document to the baseline. Exponential decay of *all* counts is applied lazily: stored values are in
   * units of a growing scale `g` (a new document adds g, the effective count is stored / g), so this stays O(terms).
   */
  observe(text: string): void {
    this.g /= this.decay;
    this.baseDocs += this.g;
    for (const t of terms(text)) this.base.set(t, (this.base.get(t) ?? 0) + this.g);
    if (this.g > 1e100) this.rescale();
    if (this.base.size > this.maxTerms) this.evict();
  }

  private rescale(): void {
    for (const [t, v] of this.base) this.base.set(t, v / this.g);
    this.baseDocs /= this.g;
    this.g = 1;
  }

  /** Top `k` terms that are over-represented in `recent` texts compared with the baseline. */
  surging(recent: readonly string[], k = 10): SurgingTerm[] {
    if (recent.length === 0) return [];
    const df = new Map<string, number>();
    for (const text of recent) for (const t of terms(text)) df.set(t, (df.get(t) ?? 0) + 1);
    const n = recent.length;
    const out: SurgingTerm[] = [];
    for (const [term, c] of df) {
      if (mentionsName(term, this.excluded)) continue;
      if (c < 2 && n > 3) continue; // one post repeating a word is not a trend
      const recentRate = c / n;
      const baseRate = (this.base.get(term) ?? 0) / Math.max(this.baseDocs, this.g);
      const lift = Math.log((recentRate + 0.01) / (baseRate + 0.01));
      if (lift <= 0.3) continue;
      out.push({ term, weight: Number((c * lift).toFixed(3)) });
    }
    out.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
    // Prefer a bigram over its own unigrams when both surge: drop unigrams fully covered by a higher bigram.
    const picked: SurgingTerm[] = [];
    for (const t of out) {
      if (picked.length >= k) break;
      if (!t.term.includes(' ') && picked.some((p) => p.term.includes(' ') && p.term.split(' ').includes(t.term)))
        continue;
      picked.push(t);
    }
    return picked;
  }

  private evict(): void {
    const entries = [...this.base.entries()].sort((a, b) => a[1] - b[1]);
    for (const [t] of entries.slice(0, entries.length - Math.floor(this.maxTerms * 0.8))) this.base.delete(t);
  }
}
