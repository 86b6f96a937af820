import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../src/analyze.js';
import { lexiconFeatures, LEXICON_FEATURE_NAMES } from '../src/features.js';
import { detectLanguage } from '../src/language.js';

/** The invariants every analysis must satisfy, whatever the input. */
function assertValid(text: string, a: Analysis): void {
  expect(['negative', 'neutral', 'positive']).toContain(a.label);
  expect(['sv', 'en', 'other']).toContain(a.lang);
  expect(Number.isFinite(a.score) && a.score >= -1 && a.score <= 1).toBe(true);
  expect(Number.isFinite(a.raw)).toBe(true);
  expect(a.confidence).toBeGreaterThan(0);
  expect(a.confidence).toBeLessThanOrEqual(1);
  let sum = 0;
  let prevEnd = 0;
  // Plain checks in the loop (a 1 MB text has 100k+ tokens; one expect() each would dominate the run).
  const bad: string[] = [];
  for (const t of a.tokens) {
    if (!Number.isFinite(t.contribution)) bad.push(`contribution of ${t.start}`);
    if (t.start < prevEnd || t.end <= t.start) bad.push(`offsets ${t.start}-${t.end}`);
    if (text.slice(t.start, t.end) !== t.text) bad.push(`text at ${t.start}`);
    prevEnd = t.end;
    sum += t.contribution;
  }
  expect(bad.slice(0, 5)).toEqual([]);
  expect(Math.abs(sum - a.raw)).toBeLessThan(1e-6 * Math.max(1, Math.abs(a.raw)));
  const f = lexiconFeatures(a);
  expect(f.length).toBe(LEXICON_FEATURE_NAMES.length);
  for (const x of f) expect(Number.isFinite(x)).toBe(true);
}

// Generous timeouts: these are correctness checks over many inputs, not speed checks (see pnpm bench:sentiment).
describe('analyze never throws and always returns a valid result', { timeout: 60_000 }, () => {
  // arbitrary full-Unicode strings, including lone surrogates
  it('holds for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => assertValid(s, analyze(s))),
      { numRuns: 400 },
    );
  });
  // strings built from the engine's own vocabulary exercise the rules, not just the tokenizer
  it('holds for random word salads of sentiment vocabulary', () => {
    const vocab = [
      'inte',
      'not',
      'bra',
      'good',
      'men',
      'but',
      'jätte',
      'very',
      'lite',
      'otrevligt',
      'fruktansvärt',
      'trevligt',
      '!',
      '?',
      ',',
      '.',
      '😀',
      '🙄',
      ':(',
      'SÅ',
      'sååå',
      '#fakturakaos',
      '@x',
      'http://a.b',
      'utan',
      'bara',
      'only',
      'ingen',
      'fara',
      'tack',
      'för',
      'ingenting',
      'kind',
      'of',
      '\n',
      'dock',
      'however',
      'Toppen',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...vocab), { maxLength: 40 }),
        fc.constantFrom('sv', 'en', undefined),
        (ws, lang) => {
          const s = ws.join(' ');
          assertValid(s, analyze(s, lang ? { lang } : {}));
        },
      ),
      { numRuns: 500 },
    );
  });
  // edge cases the issue names
  it.each([
    ['empty', ''],
    ['whitespace', ' \t\n\r '],
    ['emoji only', '😀😀😡👍🏽👨‍👩‍👧‍👦🇸🇪'],
    ['RTL', 'هذا رائع جدا שלום עולם'],
    ['control characters', '\u0000\u0001\u0007\u001b[31mbra\u001b[0m\u007f\u202e'],
    ['lone surrogates', '\ud800 bra \udfff'],
    ['combining marks', 'bra\u0301\u0301\u0301 e\u0301'],
    ['only punctuation', '!!!???...,,,'],
  ])('handles %s', (_name, s) => assertValid(s, analyze(s)));
  it('handles 1 MB of text', { timeout: 30_000 }, () => {
    const s = 'Det var inte otrevligt men kön var lång 😡 #fakturakaos! '.repeat(18_000).slice(0, 1_000_000);
    const a = analyze(s);
    assertValid(s, a);
    expect(a.tokens.length).toBeGreaterThan(100_000);
  });
  it('coerces non-strings instead of throwing', () => {
    for (const v of [undefined, null, 42, {}, []]) assertValid(String(v ?? ''), analyze(v as unknown as string));
  });
  it('detectLanguage never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const g = detectLanguage(s);
        expect(['sv', 'en', 'other']).toContain(g.lang);
        expect(g.confidence).toBeGreaterThanOrEqual(0);
        expect(g.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
