import { describe, expect, it } from 'vitest';
import { VaktError } from '@vakt/errors/vakt-error';
import { evaluateWith, parseQuery, type QueryTerm } from '../src/query-parser.js';

const has =
  (...present: string[]) =>
  (t: QueryTerm): boolean =>
    present.includes(t.kind === 'phrase' ? t.words.join(' ') : t.kind === 'url' ? t.host + t.path : t.text);

describe('parseQuery', () => {
  it.each([
    // precedence: AND binds tighter than OR
    ['a OR b AND c', ['a'], true],
    ['a OR b AND c', ['b'], false],
    ['(a OR b) AND c', ['a'], false],
    ['(a OR b) AND c', ['b', 'c'], true],
    // juxtaposition is AND
    ['a b', ['a'], false],
    ['a b', ['a', 'b'], true],
    // NOT
    ['a NOT b', ['a', 'b'], false],
    ['a NOT b', ['a'], true],
    ['a AND NOT (b OR c)', ['a', 'c'], false],
    // lower-case operators are words
    ['a or b', ['a'], false],
    // phrases keep their words together
    ['"kundtjänst kaos" OR x', ['kundtjänst kaos'], true],
  ])('%s with %j → %s', (q, present, expected) => {
    expect(evaluateWith(parseQuery(q), has(...present))).toBe(expected);
  });

  it('classifies hashtags, handles, domains and URLs', () => {
    const ast = parseQuery('#FK @forsakringskassan fk.se https://www.forsakringskassan.se/privatperson/');
    expect(ast).toEqual({
      type: 'and',
      children: [
        { type: 'term', term: { kind: 'hashtag', text: 'FK' } },
        { type: 'term', term: { kind: 'handle', text: 'forsakringskassan' } },
        { type: 'term', term: { kind: 'url', host: 'fk.se', path: '' } },
        { type: 'term', term: { kind: 'url', host: 'www.forsakringskassan.se', path: '/privatperson' } },
      ],
    });
  });

  it.each([
    ['a AND', 1, 6, 'expected a term'],
    ['(a OR b', 1, 8, 'expected ")"'],
    ['a OR b)', 1, 7, 'unexpected ")"'],
    ['a\nOR "kund', 2, 4, 'unterminated quote'],
    ['NOT a', 1, 1, 'none of its terms'],
    ['   ', 1, 1, 'empty query'],
    ['OR a', 1, 1, 'expected a term'],
  ])('reports %j at line %i col %i', (q, line, col, what) => {
    let caught: unknown;
    try {
      parseQuery(q, 'watch "fk" query');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(VaktError);
    const e = caught as VaktError;
    expect(e.code).toBe('VAKT_QUERY_PARSE');
    expect(e.context).toMatchObject({ line, col });
    expect(e.message).toContain(what);
    expect(e.message).toContain('watch "fk" query');
    // The caret sits under the reported column of the offending line.
    const [, lineText, caret] = e.message.split('\n');
    expect(caret!.indexOf('^') - 2).toBe(col - 1);
    expect(lineText!.slice(2)).toBe(q.split('\n')[line - 1]);
  });
});
