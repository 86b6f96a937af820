import { expect, it } from 'vitest';
import { analyze, type Analysis, type Label } from '../src/analyze.js';

/** One hand-written case: the text, the label it must get, and rules that must appear on named tokens. */
export interface Case {
  text: string;
  label: Label;
  /** token text → substrings that must each occur in one of that token's rules */
  rules?: Record<string, string[]>;
  /** token text → rule substrings that must NOT occur on that token */
  notRules?: Record<string, string[]>;
}

/** Asserts label, the rule explanations, and that contributions add up to `raw`. */
export function check(a: Analysis, c: Case): void {
  expect(a.label, `label of ${JSON.stringify(c.text)} (score ${a.score.toFixed(3)})`).toBe(c.label);
  const sum = a.tokens.reduce((s, t) => s + t.contribution, 0);
  expect(Math.abs(sum - a.raw)).toBeLessThan(1e-9);
  for (const [tok, wanted] of Object.entries(c.rules ?? {})) {
    const t = a.tokens.find((x) => x.text === tok);
    expect(t, `token ${tok} in ${JSON.stringify(c.text)}`).toBeDefined();
    for (const w of wanted) expect(t!.rules.join(' | '), `rules of ${tok}`).toContain(w);
  }
  for (const [tok, banned] of Object.entries(c.notRules ?? {})) {
    const t = a.tokens.find((x) => x.text === tok);
    for (const b of banned) expect(t?.rules.join(' | ') ?? '', `rules of ${tok}`).not.toContain(b);
  }
}

/** The contribution of the first token with this text (0 when absent). */
export function contributionOf(a: Analysis, tok: string): number {
  return a.tokens.find((t) => t.text === tok)?.contribution ?? 0;
}

/** One test per case: analyses each text in `lang` and checks it against its case. */
export function runCases(lang: 'sv' | 'en', cases: Case[]): void {
  for (const c of cases) it(`${lang}: ${c.text}`, () => check(analyze(c.text, { lang }), c));
}
