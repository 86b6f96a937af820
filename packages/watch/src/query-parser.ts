import { VaktError } from '@vakt/errors/vakt-error';

/**
 * The watch query language.
 *
 *   query   := or
 *   or      := and ( "OR" and )*
 *   and     := unary ( ["AND"] unary )*        juxtaposition is AND, as in most search boxes
 *   unary   := "NOT" unary | primary
 *   primary := "(" or ")" | "\"" words "\"" | term
 *   term    := word | #hashtag | @handle | domain | URL
 *
 * Operators are upper-case so that the Swedish and English words "and", "or", "not", "och" stay searchable.
 */
export type QueryTerm =
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'hashtag'; text: string }
  | { kind: 'handle'; text: string }
  | { kind: 'url'; host: string; path: string };

export type QueryNode =
  | { type: 'term'; term: QueryTerm }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };

type Tok = { t: 'lp' | 'rp' | 'and' | 'or' | 'not' | 'eof'; pos: number } | { t: 'term'; term: QueryTerm; pos: number };

const DOMAIN = /^(?:https?:\/\/)?((?:[\p{L}\p{N}-]+\.)+\p{L}{2,63})(\/\S*)?$/iu;
const WORD_CHARS = /[\p{L}\p{N}_]+/gu;

/** Where in the query an error is, as line/column (1-based) with the offending line and a caret under it. */
export function queryParseError(field: string, query: string, pos: number, what: string): VaktError {
  const before = query.slice(0, pos);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const col = pos - lineStart + 1;
  const lineEnd = query.indexOf('\n', lineStart);
  const text = query.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const caret = `${' '.repeat(col - 1)}^`;
  return new VaktError('VAKT_QUERY_PARSE', `${field}: ${what} at line ${line}, col ${col}\n  ${text}\n  ${caret}`, {
    context: { field, line, col, offset: pos },
  });
}

function wordsOf(s: string): string[] {
  return s.match(WORD_CHARS) ?? [];
}

function classify(raw: string, pos: number, fail: (pos: number, what: string) => never): QueryTerm | null {
  if (raw.startsWith('#')) {
    const body = raw.slice(1);
    if (!/^[\p{L}\p{N}_]+$/u.test(body)) fail(pos, `invalid hashtag "${raw}"`);
    return { kind: 'hashtag', text: body };
  }
  if (raw.startsWith('@')) {
    const body = raw.slice(1);
    if (!/^[\p{L}\p{N}_][\p{L}\p{N}_.-]*(@[\p{L}\p{N}.-]+)?$/u.test(body)) fail(pos, `invalid handle "${raw}"`);
    return { kind: 'handle', text: body };
  }
  const d = DOMAIN.exec(raw);
  if (d && /[\p{L}]/u.test(d[1]!.split('.').pop()!)) {
    return { kind: 'url', host: d[1]!, path: (d[2] ?? '').replace(/\/+$/, '') };
  }
  const words = wordsOf(raw);
  if (words.length === 0) return null; // pure punctuation: ignored like a search box does
  if (words.length === 1) return { kind: 'word', text: words[0]! };
  // "FK-handläggare" or "t.ex": several words glued by punctuation behave as a phrase.
  return { kind: 'phrase', words };
}

function lex(query: string, fail: (pos: number, what: string) => never): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c === '(' ? 'lp' : 'rp', pos: i });
      i++;
      continue;
    }
    if (c === '"' || c === '“' || c === '”') {
      const end = query.slice(i + 1).search(/["“”]/);
      if (end === -1) fail(i, 'unterminated quote');
      const words = wordsOf(query.slice(i + 1, i + 1 + end));
      if (words.length === 0) fail(i, 'empty phrase');
      out.push({ t: 'term', term: { kind: 'phrase', words }, pos: i });
      i += end + 2;
      continue;
    }
    let j = i;
    while (j < query.length && !/[\s()"“”]/.test(query[j]!)) j++;
    const raw = query.slice(i, j);
    if (raw === 'AND' || raw === 'OR' || raw === 'NOT')
      out.push({ t: raw.toLowerCase() as 'and' | 'or' | 'not', pos: i });
    else {
      const term = classify(raw, i, fail);
      if (term) out.push({ t: 'term', term, pos: i });
    }
    i = j;
  }
  out.push({ t: 'eof', pos: query.length });
  return out;
}

/** Parses a query; throws VaktError('VAKT_QUERY_PARSE') pointing at the position. `field` names it in the message. */
export function parseQuery(query: string, field = 'query'): QueryNode {
  const fail = (pos: number, what: string): never => {
    throw queryParseError(field, query, pos, what);
  };
  const toks = lex(query, fail);
  let k = 0;
  const peek = (): Tok => toks[k]!;
  const describe = (tok: Tok): string =>
    tok.t === 'eof' ? 'end of query' : tok.t === 'rp' ? '")"' : tok.t.toUpperCase();

  const primary = (): QueryNode => {
    const tok = peek();
    if (tok.t === 'term') {
      k++;
      return { type: 'term', term: tok.term };
    }
    if (tok.t === 'lp') {
      k++;
      const inner = or();
      if (peek().t !== 'rp')
        fail(peek().pos, `expected ")" to close the "(" at col ${tok.pos + 1}, found ${describe(peek())}`);
      k++;
      return inner;
    }
    return fail(tok.pos, `expected a term, "(" or NOT, found ${describe(tok)}`);
  };
  const unary = (): QueryNode => {
    if (peek().t === 'not') {
      k++;
      return { type: 'not', child: unary() };
    }
    return primary();
  };
  const and = (): QueryNode => {
    const children = [unary()];
    for (;;) {
      const t = peek().t;
      if (t === 'and') {
        k++;
        children.push(unary());
      } else if (t === 'term' || t === 'lp' || t === 'not') children.push(unary());
      else break;
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  };
  function or(): QueryNode {
    const children = [and()];
    while (peek().t === 'or') {
      k++;
      children.push(and());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  if (peek().t === 'eof') fail(0, 'empty query');
  const ast = or();
  if (peek().t !== 'eof') fail(peek().pos, `unexpected ${describe(peek())}`);
  if (evaluateWith(ast, () => false)) {
    fail(0, 'the query matches posts containing none of its terms (only NOT terms); add a term that must occur');
  }
  return ast;
}

/** Evaluates an AST given a truth value per term; used for the "anchored" check and by tests. */
export function evaluateWith(node: QueryNode, hit: (t: QueryTerm) => boolean): boolean {
  switch (node.type) {
    case 'term':
      return hit(node.term);
    case 'and':
      return node.children.every((c) => evaluateWith(c, hit));
    case 'or':
      return node.children.some((c) => evaluateWith(c, hit));
    case 'not':
      return !evaluateWith(node.child, hit);
  }
}
