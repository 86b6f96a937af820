import { evaluateWith, type QueryNode, type QueryTerm } from '../src/query-parser.js';
import { parseWatch } from '../src/compile-watch.js';
import { fold, stemSv } from '../src/normalize.js';
import type { Watch } from '../src/watch.js';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The baseline a first version would write: one regex per term per watch, every watch tried on every post. */
export function createNaiveMatcher(watches: readonly Watch[]) {
  const toRe = (t: QueryTerm): RegExp => {
    const body =
      t.kind === 'word'
        ? `${esc(stemSv(fold(t.text)))}\\w*`
        : t.kind === 'phrase'
          ? t.words.map((w) => `${esc(stemSv(fold(w)))}\\w*`).join('\\s+')
          : t.kind === 'url'
            ? esc(fold(t.host + t.path))
            : esc((t.kind === 'hashtag' ? '#' : '@') + fold(t.text));
    // Text is folded to ASCII first, so \\b is a fair word boundary and the regexes stay non-unicode (fast).
    return new RegExp(`(?:^|[^\\w#@])${body}`);
  };
  const compileNode = (n: QueryNode, res: Map<QueryTerm, RegExp>): QueryNode => {
    if (n.type === 'term') res.set(n.term, toRe(n.term));
    else if (n.type === 'not') compileNode(n.child, res);
    else n.children.forEach((c) => compileNode(c, res));
    return n;
  };
  const compiled = watches.map((w) => {
    const p = parseWatch(w);
    const res = new Map<QueryTerm, RegExp>();
    compileNode(p.query, res);
    if (p.exclude) compileNode(p.exclude, res);
    p.entities.forEach((e) => compileNode(e.query, res));
    return { p, res };
  });
  return {
    match(m: { text: string }) {
      const text = fold(m.text);
      const out: Array<{ watch: string; entities: string[] }> = [];
      for (const { p, res } of compiled) {
        const hit = (t: QueryTerm) => res.get(t)!.test(text);
        if (!evaluateWith(p.query, hit) || (p.exclude && evaluateWith(p.exclude, hit))) continue;
        out.push({
          watch: p.watch.name,
          entities: p.entities.filter((e) => evaluateWith(e.query, hit)).map((e) => e.name),
        });
      }
      return out;
    },
  };
}
