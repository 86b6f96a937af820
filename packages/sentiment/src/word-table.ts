/**
 * The word table: one entry per lower-cased word form, found by the form or by a span of the input text.
 *
 * Why not a `Map`: every token is a freshly sliced string, and `Map.get` on it (V8 hashes, then walks its bucket
 * chain) was the largest cost of a post once tokenizing was fast. Here a probe reads one compact `Int32Array`
 * (0 marks an empty slot), and `find` hashes a span of the text directly, so a word already in the table needs
 * no slicing or lower-casing. Both lookups hash with `hashSpan`, so an entry inserted through either is found by
 * the other.
 *
 * A key of at most 8 Latin-1 characters (most words: "och", "väntetid", "great") is also kept packed into two ints
 * next to its hash, and compared there: a probe then reads one slot and no string (measured: comparing the key
 * string cost about 7 % of `analyze` on the dev posts, the string being elsewhere in memory).
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
  return hashAndPack(s, start, end);
}

/** True when `key` equals `s[start..end)` with Latin-1 capitals folded. */
function keyMatches(key: string, s: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = start, k = 0; i < end; i++, k++) if (key.charCodeAt(k) !== foldLatin1(s.charCodeAt(i))) return false;
  return true;
}

/** Longest key kept packed: 8 characters of one byte each in two ints. */
const PACKED_MAX = 8;
/**
 * Ints per slot: the hash (0 marks an empty slot), the packed key's characters 0–3 and 4–7, and the entry's info bits
 * (what the caller reads of most entries, kept in the slot so that reading it loads no entry).
 */
const SLOT = 4;

/**
 * Probe state of the last `hashAndPack`: the packed key of the span, 0 and 0 when it does not pack (longer than 8,
 * a character beyond Latin-1, a NUL, or empty). Characters are non-zero bytes, so zero bytes mark the end and the
 * packing is one-to-one: two spans that pack compare equal exactly when their folded texts are equal.
 */
let packedLo = 0;
let packedHi = 0;

/** `hashSpan` that also packs the span into `packedLo`/`packedHi` (one pass over the characters). */
function hashAndPack(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  let lo = 0;
  let hi = 0;
  let packs = end - start <= PACKED_MAX && end > start;
  for (let i = start; i < end; i++) {
    const c = foldLatin1(s.charCodeAt(i));
    h = Math.imul(h ^ c, FNV_PRIME);
    if (c === 0 || c > 0xff) packs = false;
    else if (i - start < 4) lo |= c << (8 * (i - start));
    else hi |= c << (8 * (i - start - 4));
  }
  packedLo = packs ? lo : 0;
  packedHi = packs ? hi : 0;
  return h === 0 ? 1 : h;
}

/** Open addressing with linear probing; cleared, not grown, past `limit` forms. */
export class WordTable<E extends { readonly key: string }> {
  private mask = 4095;
  /** `SLOT` ints per slot: hash, packed key low, packed key high, info bits. */
  private slots = new Int32Array(SLOT * (this.mask + 1));
  /**
   * Two references per slot, side by side: the key at 2 × slot and its entry at 2 × slot + 1, so comparing a key that
   * does not pack does not wait for the entry to load.
   */
  private refs: Array<E | string | undefined> = new Array<E | string | undefined>(2 * (this.mask + 1)).fill(undefined);
  private size = 0;
  /** The slot of the entry the last `find` or `get` returned. */
  private slot = 0;

  /**
   * `create` builds the entry of a form the table has not seen (or has forgotten in a clear); `infoOf` gives the
   * info bits kept in its slot.
   */
  constructor(
    private readonly create: (lower: string) => E,
    private readonly limit: number,
    private readonly infoOf: (e: E) => number = () => 0,
  ) {}

  /** The info bits of the entry the last `find` or `get` returned (read from its slot, not from the entry). */
  get info(): number {
    return this.slots[SLOT * this.slot + 3]!;
  }

  /**
   * The entry whose key is `text[start..end)` lower-cased, if the table holds it. Exact for spans whose only
   * capitals are Latin-1 (the tokenizer calls it for words of Latin-1 letters and digits); other text must be
   * lower-cased and given to `get`.
   */
  find(text: string, start: number, end: number): E | undefined {
    const h = hashAndPack(text, start, end);
    const lo = packedLo;
    const hi = packedHi;
    const slots = this.slots;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const at = SLOT * i;
      const hv = slots[at];
      if (hv === 0) return undefined;
      if (hv !== h || slots[at + 1] !== lo || slots[at + 2] !== hi) continue;
      // Equal packed keys (both non-zero) are equal keys; a key that does not pack is compared as a string.
      if (lo !== 0 || keyMatches(this.refs[2 * i] as string, text, start, end)) {
        this.slot = i;
        return this.refs[2 * i + 1] as E;
      }
    }
  }

  /** The entry of the lower-cased form `lower`, created on first sight. */
  get(lower: string): E {
    const found = this.find(lower, 0, lower.length);
    if (found !== undefined) return found;
    const e = this.create(lower);
    if (this.size >= this.limit) this.resize(4096, false);
    else if (this.size * 2 >= this.mask + 1) this.resize((this.mask + 1) * 2, true);
    this.insert(hashAndPack(lower, 0, lower.length), packedLo, packedHi, this.infoOf(e), e);
    return e;
  }

  private insert(h: number, lo: number, hi: number, info: number, e: E): void {
    let i = h & this.mask;
    while (this.slots[SLOT * i] !== 0) i = (i + 1) & this.mask;
    const at = SLOT * i;
    this.slots[at] = h;
    this.slots[at + 1] = lo;
    this.slots[at + 2] = hi;
    this.slots[at + 3] = info;
    this.refs[2 * i] = e.key;
    this.refs[2 * i + 1] = e;
    this.slot = i;
    this.size++;
  }

  private resize(capacity: number, keep: boolean): void {
    const old = this.slots;
    const oldRefs = this.refs;
    this.mask = capacity - 1;
    this.slots = new Int32Array(SLOT * capacity);
    this.refs = new Array<E | string | undefined>(2 * capacity).fill(undefined);
    this.size = 0;
    if (!keep) return;
    for (let at = 0; at < old.length; at += SLOT)
      if (old[at] !== 0)
        this.insert(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!, oldRefs[(2 * at) / SLOT + 1] as E);
  }
}
