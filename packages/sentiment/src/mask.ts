/**
 * Reading a post without some of its spans: the names of what is watched (see `nameSpans` in @vakt/watch). Both
 * the combined engine (@vakt/sentiment-model) and the scorer's lexicon-only fallback read masked posts through this,
 * so the two agree on what a name is worth: nothing.
 */

/**
 * `text` with each masked span replaced by spaces: same length, so explanation offsets do not move, and the
 * lexicon's tokenizer and the model's featuriser (both skip spaces) read the post as if the name were not there. Spans are clamped to the
 * text; malformed ones are ignored.
 */
export function blank(text: string, mask: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const span of mask) {
    const start = Math.max(at, Math.min(text.length, Math.trunc(Number(span?.[0]))));
    const end = Math.min(text.length, Math.trunc(Number(span?.[1])));
    if (!(end > start)) continue;
    out += text.slice(at, start) + ' '.repeat(end - start);
    at = end;
  }
  return at === 0 ? text : out + text.slice(at);
}
