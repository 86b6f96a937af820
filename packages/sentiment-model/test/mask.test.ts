import { describe, expect, it } from 'vitest';
import { blank, createSentimentEngine } from '../src/engine.js';

describe('blank: masked spans become spaces', () => {
  it('keeps the length and everything outside the spans', () => {
    expect(blank('Telia: nätet ligger nere', [[0, 5]])).toBe('     : nätet ligger nere');
    expect(
      blank('a FK b FK c', [
        [2, 4],
        [7, 9],
      ]),
    ).toBe('a    b    c');
  });

  it('ignores empty, reversed, overlapping-backwards and non-numeric spans, and clamps to the text', () => {
    expect(blank('abc', [])).toBe('abc');
    expect(
      blank('abcdef', [
        [3, 3],
        [5, 2],
      ]),
    ).toBe('abcdef');
    expect(
      blank('abcdef', [
        [1, 3],
        [2, 4],
      ]),
    ).toBe('a   ef');
    expect(blank('abcdef', [[4, 99]])).toBe('abcd  ');
    expect(blank('abcdef', [[Number.NaN, 2], ['x', 'y'] as unknown as [number, number], [-5, 1]])).toBe(' bcdef');
  });
});

const NAMES = ['Försäkringskassan', 'Arbetsförmedlingen', 'Migrationsverket', 'Region Stockholm', 'Telia', 'Spotify'];
const POSTS = [
  { text: 'svarar aldrig i telefon, tredje veckan nu', lang: 'sv' },
  { text: 'fick hjälp direkt, tack!', lang: 'sv' },
  { text: 'beslutet kom idag', lang: 'sv' },
  { text: 'the app keeps logging me out', lang: 'en' },
];

describe('the model ignores masked names', () => {
  it('scores a post alike whichever watched name it starts with, once the name is masked', async () => {
    const engine = await createSentimentEngine();
    expect(engine.model).toBe('combined');
    for (const post of POSTS) {
      const masked = engine.scoreBatch(
        NAMES.map((n) => ({ text: `${n}: ${post.text}`, lang: post.lang, mask: [[0, n.length] as const] })),
      );
      for (const r of masked)
        expect([r.label, r.p_neg, r.p_neu, r.p_pos]).toEqual([
          masked[0]!.label,
          masked[0]!.p_neg,
          masked[0]!.p_neu,
          masked[0]!.p_pos,
        ]);
    }
  });

  it('without the mask the same posts move with the name (what the mask is for)', async () => {
    const engine = await createSentimentEngine();
    const spread = POSTS.map((post) => {
      const p = engine
        .scoreBatch(NAMES.map((n) => ({ text: `${n}: ${post.text}`, lang: post.lang })))
        .map((r) => r.p_neg);
      return Math.max(...p) - Math.min(...p);
    });
    expect(Math.max(...spread)).toBeGreaterThan(0.02);
  });

  it('the lexicon skips the name too, and explanation offsets stay those of the original post', async () => {
    const engine = await createSentimentEngine();
    // "Klarna" is also a Swedish verb (the sky clears): read as a word it would tilt every mention of the brand.
    const text = 'Klarna: usel service, kraschar hela tiden';
    const [plain] = engine.scoreBatch([{ text, lang: 'sv' }]);
    const [masked] = engine.scoreBatch([{ text, lang: 'sv', mask: [[0, 6]] }]);
    expect(plain!.tokens.some((t) => t.text === 'Klarna')).toBe(true);
    expect(masked!.tokens.some((t) => t.text === 'Klarna')).toBe(false);
    expect(masked!.tokens).toEqual(plain!.tokens.filter((t) => t.text !== 'Klarna'));
    for (const t of masked!.tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});

describe('deployment domain words', () => {
  it('override the lexicon for the post they come with, and the explanation says so', async () => {
    const engine = await createSentimentEngine();
    const text = 'Handläggningstid åtta månader';
    const [before] = engine.scoreBatch([{ text, lang: 'sv' }]);
    const [after] = engine.scoreBatch([{ text, lang: 'sv', overrides: new Map([['handläggningstid', -3]]) }]);
    const token = after!.tokens.find((t) => t.text === 'Handläggningstid')!;
    expect(token.valence).toBe(-3);
    expect(token.rules).toContain('deployment override');
    expect(after!.lexicon.score).toBeLessThan(before!.lexicon.score);
    expect(after!.p_neg).toBeGreaterThan(before!.p_neg);
  });
});
