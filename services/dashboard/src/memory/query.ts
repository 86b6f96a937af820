import { VaktError } from '@vakt/errors/vakt-error';

/**
 * A minimal watch query language for the in-memory registry (the real one is `@vakt/watch`'s): whitespace = AND,
 * `OR` between groups, "quoted phrases", `-term` excludes. Matching is case-insensitive substring matching, so
 * `faktura` also hits Swedish compounds such as `fakturastrul`.
 */
export function compileQuery(query: string): (text: string) => boolean {
  const tokens: { neg: boolean; text: string; pos: number; isOr: boolean }[] = [];
  const re = /\s*(-?)(?:"([^"]*)"|(\S+))/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(query)) !== null) {
    const raw = m[2] ?? m[3] ?? '';
    if (m[3]?.includes('"'))
      throw parseError(query, m.index + (m[0].length - m[0].trimStart().length), 'unbalanced quote');
    tokens.push({ neg: m[1] === '-', text: raw.toLowerCase(), pos: m.index, isOr: m[1] === '' && m[3] === 'OR' });
    last = re.lastIndex;
  }
  if (query.slice(last).trim() !== '') throw parseError(query, last, 'unbalanced quote');
  const groups: { neg: boolean; text: string }[][] = [[]];
  for (const t of tokens) {
    if (t.isOr) {
      if (groups[groups.length - 1]!.length === 0) throw parseError(query, t.pos, 'OR needs a term on both sides');
      groups.push([]);
      continue;
    }
    if (t.text === '') throw parseError(query, t.pos, 'empty phrase');
    groups[groups.length - 1]!.push(t);
  }
  if (groups.some((g) => g.length === 0)) throw parseError(query, query.length, 'query is empty or ends with OR');
  if (groups.some((g) => g.every((t) => t.neg)))
    throw parseError(query, 0, 'a group needs at least one term that is not excluded');
  return (text: string) => {
    const lower = text.toLowerCase();
    return groups.some((g) => g.every((t) => lower.includes(t.text) !== t.neg));
  };
}

function parseError(query: string, pos: number, what: string): VaktError {
  return new VaktError('VAKT_QUERY_PARSE', `${what} at position ${pos}`, {
    context: { position: pos, length: query.length },
  });
}
