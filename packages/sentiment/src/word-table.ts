/**
 * The word table: one entry per lower-cased word form, found by the form or by a span of the input text.
 *
 * Why not a `Map`: every token is a freshly sliced string, and `Map.get` on it (V8 hashes, then walks its bucket
 * chain) was the largest cost of a post once tokenizing was fast. Here a probe reads one compact `Int32Array`
 * (0 marks an empty slot), and `find` hashes a span of the text directly, so a word already in the table needs
 * no slicing or lower-casing. Both lookups hash with `hashSpan`, so an entry inserted through either is found by
 * the other.
 */

import { FNV1A_OFFSET, FNV1A_PRIME } from '@vakt/random/fnv1a';

// FNV-1a as in @vakt/random/fnv1a, run inline over a span with case folded; the basis as a signed 32-bit value,
// the form the Int32Array slots hold (an empty span hashes to the basis itself).
const FNV_OFFSET = FNV1A_OFFSET | 0;
const FNV_PRIME = FNV1A_PRIME;

/**
 * A–Z and À–Þ but ×: the Latin-1 characters that `toLowerCase` changes, each to the code + 32 (a test checks this
 * for all of U+0000–U+00FF).
 */
export function isLatin1Capital(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}

/** Latin-1 code units lower-cased (`isLatin1Capital` + 32), every other one unchanged: a table, read per character. */
const FOLD = (() => {
  const f = new Uint16Array(0x100);
  for (let c = 0; c < 0x100; c++) f[c] = isLatin1Capital(c) ? c + 32 : c;
  return f;
})();
/** `c` lower-cased when it is a Latin-1 capital, else `c`: `toLowerCase` for Latin-1 text, per character. */
const foldLatin1 = (c: number): number => (c < 0x100 ? FOLD[c]! : c);

/**
 * FNV-1a over the UTF-16 code units of `s[start..end)` with Latin-1 capitals folded to lower case; never 0 (0 marks
 * an empty slot). For a lower-cased form the folding changes nothing, so the hash of a span of Latin-1 text equals
 * the hash of its `toLowerCase`.
 */
export function hashSpan(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ foldLatin1(s.charCodeAt(i)), FNV_PRIME);
  return h === 0 ? 1 : h;
}

/** True when `key` equals `s[start..end)` with Latin-1 capitals folded. */
function keyMatches(key: string, s: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = start, k = 0; i < end; i++, k++) if (key.charCodeAt(k) !== foldLatin1(s.charCodeAt(i))) return false;
  return true;
}

/** Open addressing with linear probing; cleared, not grown, past `limit` forms. */
export class WordTable<E extends { readonly key: string }> {
  private mask = 4095;
  private hashes = new Int32Array(this.mask + 1);
  /**
   * Two references per slot, side by side: the key at 2 × slot and its entry at 2 × slot + 1, so comparing the key
   * does not wait for the entry to load (measured: the tokenizer's lookups are a third slower through the entry).
   */
  private refs: Array<E | string | undefined> = new Array<E | string | undefined>(2 * (this.mask + 1)).fill(undefined);
  private size = 0;

  /** `create` builds the entry of a form the table has not seen (or has forgotten in a clear). */
  constructor(
    private readonly create: (lower: string) => E,
    private readonly limit: number,
  ) {}

  /**
   * The entry whose key is `text[start..end)` lower-cased, if the table holds it. Exact for spans whose only
   * capitals are Latin-1 (the tokenizer calls it for words of Latin-1 letters and digits); other text must be
   * lower-cased and given to `get`.
   */
  find(text: string, start: number, end: number): E | undefined {
    const h = hashSpan(text, start, end);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const hv = this.hashes[i];
      if (hv === 0) return undefined;
      if (hv === h && keyMatches(this.refs[2 * i] as string, text, start, end)) return this.refs[2 * i + 1] as E;
    }
  }

  /** The entry of the lower-cased form `lower`, created on first sight. */
  get(lower: string): E {
    const found = this.find(lower, 0, lower.length);
    if (found !== undefined) return found;
    const e = this.create(lower);
    if (this.size >= this.limit) this.resize(4096, false);
    else if (this.size * 2 >= this.mask + 1) this.resize((this.mask + 1) * 2, true);
    this.insert(hashSpan(lower, 0, lower.length), e);
    return e;
  }

  private insert(h: number, e: E): void {
    let i = h & this.mask;
    while (this.hashes[i] !== 0) i = (i + 1) & this.mask;
    this.hashes[i] = h;
    this.refs[2 * i] = e.key;
    this.refs[2 * i + 1] = e;
    this.size++;
  }

  private resize(capacity: number, keep: boolean): void {
    const oldHashes = this.hashes;
    const oldRefs = this.refs;
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.refs = new Array<E | string | undefined>(2 * capacity).fill(undefined);
    this.size = 0;
    if (keep)
      for (let i = 0; i < oldHashes.length; i++)
        if (oldHashes[i] !== 0) this.insert(oldHashes[i]!, oldRefs[2 * i + 1] as E);
  }
}
