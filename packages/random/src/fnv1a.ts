/**
 * FNV-1a, 32-bit (http://www.isthe.com/chongo/tech/comp/fnv/): a stable, dependency-free string hash. Its answers
 * are part of Vakt's data: the in-process bus's partition for a key, the sentiment model's feature buckets (the
 * trained weights are indexed by them) and the sentiment word table's slots. Never change these constants or the
 * order of operations; `test/fnv1a.test.ts` pins published values.
 */

/** FNV-1a's 32-bit offset basis. */
export const FNV1A_OFFSET = 0x811c9dc5;
/** FNV-1a's 32-bit prime. */
export const FNV1A_PRIME = 0x01000193;

/**
 * FNV-1a over the UTF-16 code units of `text`, unsigned. `basis` replaces the offset basis, e.g. with a namespace
 * mixed in (`(FNV1A_OFFSET ^ ns) >>> 0`) so one text hashes differently per use.
 *
 * Loops that hash something other than a whole string (a rolling window of characters, a span with its case
 * folded) run the same two steps inline with these constants: a call per character costs in the engine's hot path.
 */
export function fnv1a(text: string, basis: number = FNV1A_OFFSET): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV1A_PRIME);
  return h >>> 0;
}
