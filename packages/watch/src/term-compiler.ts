import type { AhoCorasick } from './aho-corasick.js';
import { fold, stripWww, wordKeys } from './normalize.js';
import type { QueryNode, QueryTerm } from './query-parser.js';
import { watchLanguages, type Watch } from './watch.js';

/** Per-post state the evaluators read: which term ids were hit, and the term ids per word position. */
export interface MatchCtx {
  isHit(id: number): boolean;
  readonly positions: ReadonlyArray<readonly number[]>;
}
export type Evaluator = (ctx: MatchCtx) => boolean;

/**
 * Turns query ASTs into evaluators over interned term ids. A term is a set of dictionary keys (and optionally a
 * compound pattern for the Aho–Corasick automaton); identical terms across watches share one id, so 1,000 watches
 * naming the same organisation cost one lookup.
 *
 * Dictionary keys: `w:` Swedish stem, `e:` English stem, `a:` exact folded word (abbreviations), `#:` hashtag,
 * `@:` handle, `u:` host[/path].
 */
export function buildTermCompiler(dict: Map<string, number[]>, ac: AhoCorasick<number>, minCompound: number) {
  const interned = new Map<string, number>();
  let next = 0;

  const intern = (keys: string[], compound: string | null): number => {
    const sig = `${keys.join('\u0000')}\u0001${compound ?? ''}`;
    const known = interned.get(sig);
    if (known !== undefined) return known;
    const id = next++;
    interned.set(sig, id);
    for (const k of keys) {
      const l = dict.get(k);
      if (l) l.push(id);
      else dict.set(k, [id]);
    }
    if (compound) ac.add(compound, id);
    return id;
  };

  const wordId = (text: string, w: Watch, compound: boolean): number => {
    const k = wordKeys(text);
    const langs = watchLanguages(w);
    const keys: string[] = [];
    if (langs.includes('sv')) keys.push(`w:${k.sv}`);
    if (langs.includes('en')) keys.push(`e:${k.en}`);
    // The stem as compound part ("faktur|astrul"); a short stem falls back to the whole word so that brand names
    // like "Telia" (stem "teli") still match "Teliakunder" without "teli" matching everything starting with it.
    const part = k.sv.length >= minCompound ? k.sv : k.folded.length >= minCompound ? k.folded : null;
    return intern(keys, compound && langs.includes('sv') ? part : null);
  };

  const leaf = (id: number, anchors: number[] | null): Evaluator => {
    anchors?.push(id);
    return (c) => c.isHit(id);
  };

  const phrase = (words: readonly string[], w: Watch, anchors: number[] | null): Evaluator => {
    if (words.length === 1) return leaf(wordId(words[0]!, w, false), anchors);
    const ids = words.map((x) => wordId(x, w, false));
    // Every word is an anchor, not just the first: the extra candidates cost little (the evaluator still decides),
    // and a watch's anchors double as its name terms, which the scorer hides from the model (`nameSpans`).
    if (anchors) for (const id of ids) anchors.push(id);
    const n = ids.length;
    return (c) => {
      if (!ids.every((id) => c.isHit(id))) return false;
      const pos = c.positions;
      for (let i = 0; i + n <= pos.length; i++) {
        let all = true;
        for (let j = 0; j < n && all; j++) all = pos[i + j]?.includes(ids[j]!) ?? false;
        if (all) return true;
      }
      return false;
    };
  };

  const anyOf = (alts: Evaluator[]): Evaluator => (alts.length === 1 ? alts[0]! : (c) => alts.some((e) => e(c)));

  /** A word or phrase plus the abbreviations the watch declares for it (both directions). */
  const withAbbreviations = (
    words: readonly string[],
    quoted: boolean,
    w: Watch,
    anchors: number[] | null,
  ): Evaluator => {
    const alts: Evaluator[] = [
      quoted || words.length > 1 ? phrase(words, w, anchors) : leaf(wordId(words[0]!, w, true), anchors),
    ];
    const folded = words.map((x) => wordKeys(x));
    for (const [abbr, expansion] of Object.entries(w.abbreviations ?? {})) {
      const exp = expansion.match(/[\p{L}\p{N}_]+/gu) ?? [];
      const expKeys = exp.map((x) => wordKeys(x));
      const abbrF = fold(abbr);
      if (words.length === 1 && folded[0]!.folded === abbrF) {
        // The query says "FK": also match the long form, inflected and in compounds.
        alts.push(exp.length === 1 ? leaf(wordId(exp[0]!, w, true), anchors) : phrase(exp, w, anchors));
      } else if (
        expKeys.length === folded.length &&
        expKeys.every((e, i) => e.sv === folded[i]!.sv || e.en === folded[i]!.en)
      ) {
        // The query names the long form: also match the abbreviation as a whole word.
        alts.push(leaf(intern([`a:${abbrF}`], null), anchors));
      }
    }
    return anyOf(alts);
  };

  const term = (t: QueryTerm, w: Watch, anchors: number[] | null): Evaluator => {
    switch (t.kind) {
      case 'word':
        return withAbbreviations([t.text], false, w, anchors);
      case 'phrase':
        return withAbbreviations(t.words, true, w, anchors);
      case 'hashtag':
        return leaf(intern([`#:${fold(t.text)}`], null), anchors);
      case 'handle':
        return leaf(intern([`@:${fold(t.text)}`], null), anchors);
      case 'url':
        return leaf(intern([`u:${stripWww(fold(t.host))}${fold(t.path)}`], null), anchors);
    }
  };

  /**
   * Compiles an AST; terms not under NOT are pushed to `anchors` (the watch is a candidate when one is hit). The
   * ids of those that are names (see `isName`) are also pushed to `names`, when given.
   */
  const compile = (
    node: QueryNode,
    w: Watch,
    anchors: number[],
    negated = false,
    names: number[] | null = null,
  ): Evaluator => {
    switch (node.type) {
      case 'term': {
        if (negated) return term(node.term, w, null);
        const before = anchors.length;
        const e = term(node.term, w, anchors);
        if (names && isName(node.term, w)) for (let i = before; i < anchors.length; i++) names.push(anchors[i]!);
        return e;
      }
      case 'not': {
        const inner = compile(node.child, w, anchors, !negated, names);
        return (c) => !inner(c);
      }
      case 'and': {
        const cs = node.children.map((x) => compile(x, w, anchors, negated, names));
        return (c) => cs.every((e) => e(c));
      }
      case 'or': {
        const cs = node.children.map((x) => compile(x, w, anchors, negated, names));
        return (c) => cs.some((e) => e(c));
      }
    }
  };

  return { compile, termCount: () => next };
}

/**
 * Whether a query term names something (an organisation, a service, a person) rather than describing a topic: a word
 * or phrase written with a capital first letter ("Försäkringskassan", "Region Stockholm", "FK"), a declared
 * abbreviation, or a domain. Lower-case words ("outage", "faktura") and hashtags ("#fkfail") are topic words: they
 * may carry sentiment, so the scorer reads them.
 */
export function isName(t: QueryTerm, w: Watch): boolean {
  const capital = /^\p{Lu}/u;
  switch (t.kind) {
    case 'word':
      return capital.test(t.text) || Object.hasOwn(w.abbreviations ?? {}, t.text);
    case 'phrase':
      return t.words.length > 0 && capital.test(t.words[0]!);
    case 'url':
      return true;
    default:
      return false;
  }
}
