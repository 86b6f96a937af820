import { describe, expect, it } from 'vitest';
import { segments } from '../src/highlight.js';

const sp = (start: number, end: number, contribution = -0.5, rules = ['lexicon']) => ({
  start,
  end,
  contribution,
  rules,
});

describe('segments', () => {
  it.each([
    // plain text with one span in the middle
    ['inte bra alls', [sp(5, 8)], ['plain:inte ', 'span:bra', 'plain: alls']],
    // unsorted spans are sorted; an overlapping span is ignored
    ['abcdef', [sp(3, 5), sp(0, 2), sp(1, 4)], ['span:ab', 'plain:c', 'span:de', 'plain:f']],
    // out-of-range and empty spans are clamped or dropped
    ['abc', [sp(2, 99), sp(1, 1), sp(-5, -1)], ['plain:ab', 'span:c']],
    // UTF-16 offsets: the emoji is two code units
    ['😡 dåligt', [sp(3, 9)], ['plain:😡 ', 'span:dåligt']],
    // bidi overrides become visible control segments, never raw characters
    ['a\u202Eevil\u202Cb', [], ['plain:a', 'control:U+202E', 'plain:evil', 'control:U+202C', 'plain:b']],
    ['x\u2067y', [sp(0, 3)], ['span:x', 'control:U+2067', 'span:y']],
  ])('%j with %j', (text, spans, want) => {
    const got = segments(text, spans).map((s) => (s.kind === 'control' ? `control:${s.code}` : `${s.kind}:${s.text}`));
    expect(got).toEqual(want);
  });

  it('keeps every non-control character of the text, in order', () => {
    const text = '<script>alert(1)</script> \u202Etxt.exe';
    const joined = segments(text, [sp(0, 8), sp(10, 30)])
      .map((s) => (s.kind === 'control' ? '' : s.text))
      .join('');
    expect(joined).toBe(text.replace('\u202E', ''));
  });
});
