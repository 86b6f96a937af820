import { describe, expect, it } from 'vitest';
import { featurize, normalize, tokenize } from '../src/featurize.js';

const B = 1 << 18;

describe('featurize', () => {
  it('is deterministic and stays inside the bucket range', () => {
    const a = featurize('Kundtjänstkaos igen!! 😡 #fakturastrul', 'sv', B);
    expect(featurize('Kundtjänstkaos igen!! 😡 #fakturastrul', 'sv', B)).toEqual(a);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < B)).toBe(true);
  });

  it('lets a compound share character grams with its head ("kundtjänstkaos" ~ "kaos")', () => {
    const compound = new Set(featurize('kundtjänstkaos', 'sv', B));
    const head = featurize('kaos', 'sv', B);
    const shared = head.filter((i) => compound.has(i));
    // "aos>", "kaos>", "os>" (the grams at the end of the word) at least, but not the whole-word id
    expect(shared.length).toBeGreaterThanOrEqual(3);
    expect(shared.length).toBeLessThan(head.length);
  });

  it('unifies URLs, @mentions, case, HTML entities and elongation', () => {
    expect(normalize('@Kalle SÅÅÅÅÅ bra &amp; https://t.co/x')).toBe(normalize('@namn sååå bra & http://example.se'));
    expect(featurize('@Kalle SÅÅÅÅÅ bra', 'sv', B)).toEqual(featurize('@namn sååå bra', 'sv', B));
  });

  it('keeps emoji, emoticons and hashtag words as tokens', () => {
    expect(tokenize(normalize('bra :) 😡👍🏽 #fakturakaos !!!'))).toEqual([
      'bra',
      ':)',
      '😡',
      '👍🏽',
      '#fakturakaos',
      'fakturakaos',
      '!!',
    ]);
  });

  it('marks the language, so the same word in sv and en differs by one feature', () => {
    const sv = featurize('bra', 'sv', B);
    const en = featurize('bra', 'en', B);
    expect(sv.slice(1)).toEqual(en.slice(1));
    expect(sv[0]).not.toBe(en[0]);
  });

  it('handles empty and control-character input', () => {
    expect(featurize('', 'sv', B).length).toBeGreaterThan(0);
    expect(featurize('\u0000\u202e\uFFFF', 'other', B).every((i) => i >= 0 && i < B)).toBe(true);
  });
});
