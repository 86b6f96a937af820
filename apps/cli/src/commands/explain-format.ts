import type { Sentiment } from '@vakt/schema/scored-mention';
import type { SentimentResult } from '@vakt/sentiment-model/engine';

/** Replaces control characters so mention text cannot move the terminal cursor or inject escape sequences. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '�');
const sgn = (x: number, d = 2): string => `${x >= 0 ? '+' : ''}${x.toFixed(d)}`;
const pad = (s: string, w: number, right = false): string => {
  const n = w - [...s].length;
  return n <= 0 ? s : right ? ' '.repeat(n) + s : s + ' '.repeat(n);
};

/**
 * `vakt explain`'s text: the verdict the pipeline stores (label, score, disagreement) and what accounts for it:
 * the lexicon's tokens and rules, each token's push on the final verdict (what the dashboard highlights), and the
 * score as lines that sum to it (prior, lexicon features, words, guard), with the model's top features.
 */
export function formatExplanation(text: string, s: Sentiment, r: SentimentResult): string {
  const out: string[] = [];
  out.push(
    `label ${s.label}  score ${sgn(s.score, 3)}  confidence ${s.confidence.toFixed(2)}  p_neg ${s.p_neg.toFixed(2)} p_neu ${s.p_neu.toFixed(2)} p_pos ${s.p_pos.toFixed(2)}  lang ${s.lang}  model ${s.model}`,
  );
  out.push(
    `lexicon ${r.lexicon.label} ${sgn(r.lexicon.score, 3)}${s.disagreement ? '  DISAGREEMENT: the lexicon says otherwise (dashboard: "uncertain — check")' : ''}`,
  );
  out.push('');
  const pushAt = new Map(s.explanation.map((sp) => [`${sp.start}:${sp.end}`, sp.contribution]));
  const rows = r.tokens.filter((t) => t.valence !== 0 || t.contribution !== 0 || t.rules.length > 0);
  const cells = rows.map((t) => [
    printable(t.text).slice(0, 30) + (t.lemma ? ` (${printable(t.lemma).slice(0, 20)})` : ''),
    sgn(t.valence),
    sgn(t.contribution),
    pushAt.has(`${t.start}:${t.end}`) ? sgn(pushAt.get(`${t.start}:${t.end}`)!) : '',
    t.rules.join('; '),
  ]);
  const modelOnly = s.explanation.filter((sp) => sp.rules.includes('model'));
  for (const sp of modelOnly)
    cells.push([
      printable(text.slice(sp.start, sp.end)).slice(0, 30),
      '',
      '',
      sgn(sp.contribution),
      'model word (not in the lexicon)',
    ]);
  if (cells.length) {
    const header = ['token', 'valence', 'lexicon', 'verdict push', 'rules'];
    const widths = [0, 1, 2, 3].map((i) => Math.max(header[i]!.length, ...cells.map((c) => [...c[i]!].length)));
    const line = (c: string[]): string =>
      `${pad(c[0]!, widths[0]!)}  ${pad(c[1]!, widths[1]!, true)}  ${pad(c[2]!, widths[2]!, true)}  ${pad(c[3]!, widths[3]!, true)}  ${c[4]}`.trimEnd();
    out.push(line(header), ...cells.map(line));
    out.push(
      `(lexicon: the token's share of the lexicon's raw score; verdict push: its push on the final verdict, polarity in logits — negative = toward negative; the dashboard colours by it)`,
    );
  } else {
    out.push('(no token carries sentiment)');
  }
  const e = r.explanation;
  if (e) {
    out.push('', 'score = sum of:');
    for (const l of e.lines) out.push(`  ${pad(l.part, 8)} ${sgn(l.score, 3)}  ${printable(l.note)}`);
    out.push(
      `  ${pad('= score', 8)} ${sgn(
        e.lines.reduce((a, l) => a + l.score, 0),
        3,
      )}`,
    );
    if (s.model === 'combined') {
      const p = e.polarity;
      out.push(
        '',
        `model polarity (logit_pos − logit_neg, / temperature): prior ${sgn(p.bias)}  lexicon features ${sgn(p.lexicon)}  words ${sgn(p.words)}${p.guard ? `  guard ${sgn(p.guard)}` : ''}  = ${sgn(p.total)}`,
      );
      out.push(`  lexicon features: ${e.lexiconFeatures.map((f) => `${f.name} ${sgn(f.push)}`).join(', ')}`);
      out.push(
        `  words: ${e.words.map((w) => `'${printable(w.text)}' ${sgn(w.push)}`).join(', ')}; other n-grams ${sgn(e.otherWords)}`,
      );
    }
    if (e.overrule) out.push('', `why the verdict differs from the lexicon: ${printable(e.overrule)}`);
  }
  return `${out.join('\n')}\n`;
}
